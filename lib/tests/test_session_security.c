/*
 * Unit tests for the security calls of the session unit (lib/src/session.c,
 * files store): binding a user (and the store's per-user listing that
 * follows), the session's CSRF secret and tokens, profile checks with
 * first use, known and changed profiles, and the rule that such changes
 * make commit write the record while unchanged ones only touch it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_fixture.h"
#include "support.h"
#include "tessera/key.h"
#include "tessera/session.h"
#include "tessera/sid.h"

#define T0 INT64_C(1700000000000)
#define BITS TSR_SID_DEFAULT_BITS
#define UA_A "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"
#define UA_B "curl/8.4.0"

/* A store on a fresh directory, a fresh ID, idle timeout 600 s (see store_fixture.h). */
static int setup(void **state)
{
	return tsr_test_session_setup(state, 600);
}

/* Creates and stores f->sid with payload "p" at T0. */
static void make_session(tsr_test_fixture *f)
{
	tsr_test_session_make(f, "p", T0);
}

/* Opens f->sid in 'mode' at 'now' (must succeed). */
static void open_at(tsr_test_fixture *f, tsr_session *s, tsr_lock_mode mode, int64_t now)
{
	assert_int_equal(tsr_test_session_open(f, s, mode, now, NULL), TSR_OK);
}

/* The stored generation of f->sid (how many full writes it has had). */
static uint64_t generation(tsr_test_fixture *f)
{
	tsr_session s;
	uint64_t g;

	open_at(f, &s, TSR_LOCK_READ_ONLY, T0 + 1);
	g = s.record.generation;
	tsr_session_close(&s);
	return g;
}

/* How many sessions the store lists for 'user'. */
static size_t count_of(tsr_test_fixture *f, const char *user)
{
	tsr_test_seen s;

	return tsr_test_list(f->st, user, &s);
}

/* ---- users -------------------------------------------------------------------------------- */

static void test_bind_user_is_stored_and_listed(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;
	tsr_test_seen seen_keys;
	tsr_key k;

	make_session(f);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10);
	assert_int_equal(tsr_session_bind_user(&s, "user-42", 7, &e), TSR_OK);
	assert_true(s.dirty);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 10, &e), TSR_OK);

	open_at(f, &s, TSR_LOCK_READ_ONLY, T0 + 20);
	assert_int_equal(s.record.user_id.len, 7);
	assert_memory_equal(s.record.user_id.data, "user-42", 7);
	tsr_session_close(&s);
	assert_int_equal(tsr_test_list(f->st, "user-42", &seen_keys), 1);
	assert_int_equal(tsr_key_from_sid(f->sid, f->sid_len, &k, NULL), TSR_OK);
	assert_memory_equal(seen_keys.keys[0].bytes, k.bytes, TSR_KEY_LEN);
}

static void test_rebind_and_unbind_follow_in_listing(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;

	make_session(f);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10);
	assert_int_equal(tsr_session_bind_user(&s, "alice", 5, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 10, &e), TSR_OK);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 20);
	assert_int_equal(tsr_session_bind_user(&s, "bob", 3, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 20, &e), TSR_OK);
	assert_int_equal(count_of(f, "alice"), 0);
	assert_int_equal(count_of(f, "bob"), 1);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 30);
	assert_int_equal(tsr_session_bind_user(&s, NULL, 0, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 30, &e), TSR_OK);
	assert_int_equal(count_of(f, "bob"), 0);
}

static void test_bind_same_user_is_not_a_change(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;
	uint64_t g;

	make_session(f);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10);
	assert_int_equal(tsr_session_bind_user(&s, "alice", 5, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 10, &e), TSR_OK);
	g = generation(f);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 20);
	assert_int_equal(tsr_session_bind_user(&s, "alice", 5, &e), TSR_OK);
	assert_false(s.dirty);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 20, &e), TSR_OK);
	assert_int_equal(generation(f), g); /* only touched */
}

static void test_bind_user_refusals(void **state)
{
	tsr_test_fixture *f = *state;
	char big[TSR_RECORD_MAX_USER_ID + 1];
	tsr_session s;
	tsr_error e;

	make_session(f);
	memset(big, 'u', sizeof(big));
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10);
	assert_int_equal(tsr_session_bind_user(&s, "a\0b", 3, &e), TSR_EINVAL);
	assert_int_equal(tsr_session_bind_user(&s, big, sizeof(big), &e), TSR_ETOOBIG);
	assert_int_equal(tsr_session_bind_user(&s, NULL, 3, &e), TSR_EINVAL);
	assert_int_equal(tsr_session_bind_user(&s, big, TSR_RECORD_MAX_USER_ID, &e), TSR_OK);
	tsr_session_close(&s);
	open_at(f, &s, TSR_LOCK_READ_ONLY, T0 + 10);
	assert_int_equal(tsr_session_bind_user(&s, "alice", 5, &e), TSR_EREADONLY);
	tsr_session_close(&s);
	tsr_session_init(&s);
	assert_int_equal(tsr_session_bind_user(&s, "alice", 5, &e), TSR_EINVAL); /* not open */
}

static void test_destroy_removes_user_listing(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;

	make_session(f);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10);
	assert_int_equal(tsr_session_bind_user(&s, "alice", 5, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 10, &e), TSR_OK);
	assert_int_equal(count_of(f, "alice"), 1);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 20);
	assert_int_equal(tsr_session_destroy(&s, &e), TSR_OK);
	assert_int_equal(count_of(f, "alice"), 0);
}

static void test_revoke_and_regenerate_move_user_listing(void **state)
{
	tsr_test_fixture *f = *state;
	char next[TSR_SID_MAX_LEN + 1];
	tsr_session s;
	tsr_test_seen got;
	tsr_error e;
	tsr_key k;

	make_session(f);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10);
	assert_int_equal(tsr_session_bind_user(&s, "alice", 5, &e), TSR_OK);
	assert_int_equal(tsr_sid_generate(BITS, next, sizeof(next), NULL), TSR_OK);
	assert_int_equal(tsr_session_regenerate(&s, next, f->sid_len, 30, T0 + 10, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 10, &e), TSR_OK);
	/* Only the new ID is alice's session: the forward names nobody. */
	assert_int_equal(tsr_test_list(f->st, "alice", &got), 1);
	assert_int_equal(tsr_key_from_sid(next, f->sid_len, &k, NULL), TSR_OK);
	assert_memory_equal(got.keys[0].bytes, k.bytes, TSR_KEY_LEN);
	assert_int_equal(tsr_session_revoke(f->st, &k, T0 + 20, &e), TSR_OK);
	assert_int_equal(count_of(f, "alice"), 0);
}

/* ---- CSRF --------------------------------------------------------------------------------- */

static void test_csrf_secret_created_once_and_stored(void **state)
{
	tsr_test_fixture *f = *state;
	char t1[TSR_CSRF_TOKEN_LEN + 1], t2[TSR_CSRF_TOKEN_LEN + 1];
	tsr_session s;
	tsr_error e;

	make_session(f);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10);
	assert_false(tsr_session_csrf_verify(&s, "x", 1));
	assert_int_equal(s.record.csrf_secret.len, 0);
	assert_int_equal(tsr_session_csrf_token(&s, t1, sizeof(t1), &e), TSR_OK);
	assert_true(s.dirty);
	assert_int_equal(tsr_session_csrf_token(&s, t2, sizeof(t2), &e), TSR_OK);
	assert_string_not_equal(t1, t2);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 10, &e), TSR_OK);
	/* A later request, even read-only, verifies both tokens against the stored secret. */
	open_at(f, &s, TSR_LOCK_READ_ONLY, T0 + 20);
	assert_true(tsr_session_csrf_verify(&s, t1, strlen(t1)));
	assert_true(tsr_session_csrf_verify(&s, t2, strlen(t2)));
	assert_int_equal(tsr_session_csrf_token(&s, t2, sizeof(t2), &e), TSR_OK);
	assert_true(tsr_session_csrf_verify(&s, t2, strlen(t2)));
	tsr_session_close(&s);
}

static void test_csrf_token_of_another_session_fails(void **state)
{
	tsr_test_fixture *f = *state;
	char other_sid[TSR_SID_MAX_LEN + 1];
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	tsr_session s, o;
	tsr_error e;

	make_session(f);
	assert_int_equal(tsr_sid_generate(BITS, other_sid, sizeof(other_sid), NULL), TSR_OK);
	tsr_session_init(&o);
	assert_int_equal(tsr_session_create(&o, f->st, other_sid, f->sid_len, BITS, TSR_LOCK_EXCLUSIVE,
	                                    &f->policy, T0, &e),
	                 TSR_OK);
	assert_int_equal(tsr_session_csrf_token(&o, tok, sizeof(tok), &e), TSR_OK);
	assert_true(tsr_session_csrf_verify(&o, tok, strlen(tok)));
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10);
	assert_int_equal(tsr_session_csrf_token(&s, tok + 0, 0, &e), TSR_EINVAL);
	assert_int_equal(tsr_session_csrf_token(&o, tok, sizeof(tok), &e), TSR_OK);
	assert_false(tsr_session_csrf_verify(&s, tok, strlen(tok)));
	tsr_session_close(&s);
	tsr_session_close(&o);
}

static void test_csrf_read_only_without_secret_refused(void **state)
{
	tsr_test_fixture *f = *state;
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	tsr_session s;
	tsr_error e;

	make_session(f);
	open_at(f, &s, TSR_LOCK_READ_ONLY, T0 + 10);
	assert_int_equal(tsr_session_csrf_token(&s, tok, sizeof(tok), &e), TSR_EREADONLY);
	assert_string_equal(tok, "");
	tsr_session_close(&s);
	tsr_session_init(&s);
	assert_false(tsr_session_csrf_verify(&s, tok, 0));
}

/* ---- profiles ----------------------------------------------------------------------------- */

/* The profile of a request with 'ua' from 'ip' at 'now'. */
static tsr_profile prof(const char *ua, const char *ip, int64_t now)
{
	tsr_profile p;

	assert_int_equal(tsr_profile_from_request(ua, strlen(ua), ip, now, &p, NULL), TSR_OK);
	return p;
}

/* Opens f->sid at 'now', checks 'p' under 'pol' and returns the verdict; commits "p". */
static tsr_profile_verdict check_and_commit(tsr_test_fixture *f, const tsr_profile_policy *pol,
                                            const tsr_profile *p, int64_t now)
{
	tsr_profile_verdict v;
	tsr_session s;
	tsr_error e;

	open_at(f, &s, TSR_LOCK_EXCLUSIVE, now);
	assert_int_equal(tsr_session_profile_check(&s, pol, p, &v, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "p", 1, now, &e), TSR_OK);
	return v;
}

static void test_profile_first_known_and_write_only_on_change(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_profile_policy pol = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF};
	tsr_profile a = prof(UA_A, "192.0.2.1", T0);
	uint64_t g;

	make_session(f);
	assert_int_equal(check_and_commit(f, &pol, &a, T0 + 10), TSR_PROFILE_FIRST);
	g = generation(f);
	assert_int_equal(check_and_commit(f, &pol, &a, T0 + 20), TSR_PROFILE_KNOWN);
	assert_int_equal(generation(f), g); /* known and unchanged: touched, not written */
	a = prof(UA_A, "192.0.2.99", T0 + 30);
	assert_int_equal(check_and_commit(f, &pol, &a, T0 + 30), TSR_PROFILE_KNOWN);
	assert_int_equal(generation(f), g + 1); /* the device's last address changed: written */
}

static void test_profile_changed_then_accepted(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_profile_policy pol = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF};
	tsr_profile a = prof(UA_A, "192.0.2.1", T0);
	tsr_profile b = prof(UA_B, "192.0.2.1", T0 + 50);
	tsr_profile_verdict v;
	tsr_profile last;
	tsr_session s;
	tsr_error e;
	uint64_t g;

	make_session(f);
	assert_int_equal(check_and_commit(f, &pol, &a, T0 + 10), TSR_PROFILE_FIRST);
	g = generation(f);
	/* Changed: nothing is recorded unless the caller accepts. */
	assert_int_equal(check_and_commit(f, &pol, &b, T0 + 20), TSR_PROFILE_CHANGED);
	assert_int_equal(generation(f), g);
	open_at(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 50);
	assert_int_equal(tsr_session_profile_check(&s, &pol, &b, &v, &e), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_CHANGED);
	assert_false(s.dirty);
	assert_int_equal(tsr_session_profile_accept(&s, &b, 0, &e), TSR_OK);
	assert_true(s.dirty);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 50, &e), TSR_OK);
	assert_int_equal(check_and_commit(f, &pol, &b, T0 + 60), TSR_PROFILE_KNOWN);
	assert_int_equal(check_and_commit(f, &pol, &a, T0 + 70), TSR_PROFILE_KNOWN);
	/* "Your devices": the last entry is the latest request's device. */
	open_at(f, &s, TSR_LOCK_READ_ONLY, T0 + 80);
	assert_int_equal(s.record.n_profiles, 2);
	assert_int_equal(tsr_profile_last(&s.record, &last), TSR_OK);
	assert_string_equal(last.ua, UA_A);
	tsr_session_close(&s);
}

static void test_profile_read_only_not_written(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_profile_policy pol = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF};
	tsr_profile a = prof(UA_A, "192.0.2.1", T0);
	tsr_profile_verdict v;
	tsr_session s;
	tsr_error e;
	uint64_t g;

	make_session(f);
	g = generation(f);
	open_at(f, &s, TSR_LOCK_READ_ONLY, T0 + 10);
	assert_int_equal(tsr_session_profile_check(&s, &pol, &a, &v, &e), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_FIRST);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 10, &e), TSR_OK);
	assert_int_equal(generation(f), g);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, tsr_test_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_bind_user_is_stored_and_listed),
	    T(test_rebind_and_unbind_follow_in_listing),
	    T(test_bind_same_user_is_not_a_change),
	    T(test_bind_user_refusals),
	    T(test_destroy_removes_user_listing),
	    T(test_revoke_and_regenerate_move_user_listing),
	    T(test_csrf_secret_created_once_and_stored),
	    T(test_csrf_token_of_another_session_fails),
	    T(test_csrf_read_only_without_secret_refused),
	    T(test_profile_first_known_and_write_only_on_change),
	    T(test_profile_changed_then_accepted),
	    T(test_profile_read_only_not_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
