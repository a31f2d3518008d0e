/*
 * Unit tests for session regeneration with a grace period and for retired
 * IDs (lib/src/session.c + forward.c, files store): what the new and the
 * old record hold, following a forward during the grace (also over two
 * hops and from ten processes that were waiting for the old ID's lock),
 * refusal after the grace, revocation tombstones, the reason given for
 * every kind of refused ID, and that the forward and the tombstone are
 * flushed to disk where ordinary commits are not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_files_sys.h"
#include "files_layout.h"
#include "support.h"
#include "tessera/forward.h"
#include "tessera/key.h"
#include "tessera/session.h"
#include "tessera/sid.h"

/* An arbitrary fixed "now" (ms): 2023-11-14T22:13:20Z. */
#define T0 INT64_C(1700000000000)
#define BITS TSR_SID_DEFAULT_BITS
#define IDLE_S 60
#define GRACE_S 30

typedef struct fixture {
	char *root;
	tsr_store *st;
	tsr_policy policy;
	char old_sid[TSR_SID_MAX_LEN + 1];
	char new_sid[TSR_SID_MAX_LEN + 1];
	size_t len;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	tsr_store_config cfg = {0, 1000};
	tsr_error e;

	assert_non_null(f);
	f->root = tsr_test_mkdtemp();
	assert_int_equal(tsr_store_open(f->root, &cfg, &f->st, &e), TSR_OK);
	f->policy.idle_timeout = IDLE_S;
	f->policy.absolute_timeout = 3600;
	assert_int_equal(tsr_sid_generate(BITS, f->old_sid, sizeof(f->old_sid), NULL), TSR_OK);
	assert_int_equal(tsr_sid_generate(BITS, f->new_sid, sizeof(f->new_sid), NULL), TSR_OK);
	f->len = strlen(f->old_sid);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	tsr__files_sys = tsr__files_sys_default;
	tsr_store_close(f->st);
	tsr_test_rmtree(f->root);
	free(f->root);
	free(f);
	return 0;
}

/* Opens 'sid' on 'st' in 'mode' at 'now'; returns the code and '*why'. */
static int open_sid(tsr_store *st, const fixture *f, tsr_session *s, const char *sid,
                    tsr_lock_mode mode, int64_t now, const char **why)
{
	tsr_error e;

	tsr_session_init(s);
	return tsr_session_open(s, st, sid, strlen(sid), BITS, mode, &f->policy, now, why, &e);
}

/* Stores f->old_sid at T0 with 'payload', user "alice", a CSRF secret and one profile. */
static void make_old(fixture *f, const char *payload)
{
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	tsr_profile_policy pol = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF};
	tsr_profile_verdict v;
	tsr_profile p;
	tsr_session s;
	tsr_error e;

	tsr_session_init(&s);
	assert_int_equal(tsr_session_create(&s, f->st, f->old_sid, f->len, BITS, TSR_LOCK_EXCLUSIVE,
	                                    &f->policy, T0, &e),
	                 TSR_OK);
	assert_int_equal(tsr_session_bind_user(&s, "alice", 5, &e), TSR_OK);
	assert_int_equal(tsr_session_csrf_token(&s, tok, sizeof(tok), &e), TSR_OK);
	assert_int_equal(tsr_profile_from_request("UA", 2, "192.0.2.1", T0, &p, &e), TSR_OK);
	assert_int_equal(tsr_session_profile_check(&s, &pol, &p, &v, &e), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_FIRST);
	assert_int_equal(tsr_session_commit(&s, payload, strlen(payload), T0, &e), TSR_OK);
}

/* Opens f->old_sid at 'now', regenerates it to f->new_sid with 'grace_s' and commits 'payload'. */
static void regenerate(fixture *f, int64_t now, uint32_t grace_s, const char *payload)
{
	tsr_session s;
	tsr_error e;
	size_t len;

	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, now, NULL), TSR_OK);
	assert_int_equal(tsr_session_regenerate(&s, f->new_sid, f->len, grace_s, now, &e), TSR_OK);
	assert_true(tsr_session_is_open(&s));
	assert_string_equal(tsr_session_id(&s, &len), f->new_sid);
	assert_int_equal(len, f->len);
	assert_int_equal(tsr_session_commit(&s, payload, strlen(payload), now, &e), TSR_OK);
}

/* ---- regeneration ------------------------------------------------------------------------- */

static void test_new_record_carries_the_session(void **state)
{
	fixture *f = *state;
	tsr_record old_rec, new_rec;

	make_old(f, "cart=3");
	tsr_record_init(&old_rec);
	tsr_test_record_load(f->root, f->old_sid, &old_rec);
	regenerate(f, T0 + 1000, GRACE_S, "cart=4");

	tsr_record_init(&new_rec);
	tsr_test_record_load(f->root, f->new_sid, &new_rec);
	assert_memory_equal(new_rec.payload.data, "cart=4", 6);
	assert_int_equal(new_rec.created_at, T0);
	assert_int_equal(new_rec.absolute_expiry, old_rec.absolute_expiry);
	assert_int_equal(new_rec.last_active, T0 + 1000);
	assert_int_equal(new_rec.user_id.len, 5);
	assert_memory_equal(new_rec.user_id.data, "alice", 5);
	assert_int_equal(new_rec.n_profiles, 1);
	assert_memory_equal(new_rec.profiles[0].data, old_rec.profiles[0].data,
	                    old_rec.profiles[0].len);
	assert_int_equal(new_rec.forward.len, 0);
	/* The CSRF secret rotated. */
	assert_int_equal(new_rec.csrf_secret.len, TSR_RECORD_CSRF_LEN);
	assert_memory_not_equal(new_rec.csrf_secret.data, old_rec.csrf_secret.data,
	                        TSR_RECORD_CSRF_LEN);
	assert_int_equal(tsr_test_record_deadline(f->root, f->new_sid), T0 + 1000 + IDLE_S * 1000);
	tsr_record_clear(&old_rec);
	tsr_record_clear(&new_rec);
}

static void test_old_record_becomes_a_bare_forward(void **state)
{
	fixture *f = *state;
	tsr_record rec;
	tsr_key k;

	make_old(f, "secret-data");
	regenerate(f, T0 + 1000, GRACE_S, "secret-data");
	tsr_record_init(&rec);
	tsr_test_record_load(f->root, f->old_sid, &rec);
	assert_int_equal(tsr_forward_state_of(&rec), TSR_FORWARD_FORWARD);
	assert_int_equal(rec.forward_until, T0 + 1000 + GRACE_S * 1000);
	assert_int_equal(rec.payload.len, 0);
	assert_int_equal(rec.user_id.len, 0);
	assert_int_equal(rec.n_profiles, 0);
	assert_int_equal(rec.csrf_secret.len, 0);
	assert_int_equal(tsr_key_from_sid(f->old_sid, f->len, &k, NULL), TSR_OK);
	assert_memory_equal(rec.key, k.bytes, TSR_KEY_LEN);
	/* Neither ID is readable in the old record's bytes. */
	assert_null(memmem(rec.forward.data, rec.forward.len, f->new_sid, f->len));
	/* Kept until the old session would have expired after this use (60 s > 30 s grace). */
	assert_int_equal(tsr_test_record_deadline(f->root, f->old_sid), T0 + 1000 + IDLE_S * 1000);
	tsr_record_clear(&rec);
}

static void test_old_deadline_covers_a_long_grace(void **state)
{
	fixture *f = *state;

	make_old(f, "x");
	regenerate(f, T0 + 1000, 600, "x");
	assert_int_equal(tsr_test_record_deadline(f->root, f->old_sid), T0 + 1000 + 600 * 1000);
}

static void test_open_during_grace_gets_new_id(void **state)
{
	fixture *f = *state;
	static const tsr_lock_mode modes[] = {TSR_LOCK_EXCLUSIVE, TSR_LOCK_READ_ONLY, TSR_LOCK_NONE};
	tsr_session s;
	const char *why = "unset";
	size_t len;

	make_old(f, "cart=3");
	regenerate(f, T0 + 1000, GRACE_S, "cart=4");
	for (size_t m = 0; m < 3; m++) {
		assert_int_equal(
		    open_sid(f->st, f, &s, f->old_sid, modes[m], T0 + 1000 + GRACE_S * 1000 - 1, &why),
		    TSR_OK);
		assert_true(s.forwarded);
		assert_string_equal(tsr_session_id(&s, &len), f->new_sid);
		assert_int_equal(len, f->len);
		assert_int_equal(s.record.payload.len, 6);
		assert_memory_equal(s.record.payload.data, "cart=4", 6);
		assert_null(why);
		tsr_session_close(&s);
	}
	/* Opening the new ID directly is not a forward. */
	assert_int_equal(open_sid(f->st, f, &s, f->new_sid, TSR_LOCK_EXCLUSIVE, T0 + 2000, NULL),
	                 TSR_OK);
	assert_false(s.forwarded);
	tsr_session_close(&s);
}

static void test_open_after_grace_refused(void **state)
{
	fixture *f = *state;
	tsr_session s;
	const char *why = NULL;
	tsr_error e;

	make_old(f, "cart=3");
	regenerate(f, T0 + 1000, GRACE_S, "cart=4");
	tsr_session_init(&s);
	assert_int_equal(tsr_session_open(&s, f->st, f->old_sid, f->len, BITS, TSR_LOCK_EXCLUSIVE,
	                                  &f->policy, T0 + 1000 + GRACE_S * 1000, &why, &e),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_FORWARD_EXPIRED);
	assert_int_equal(e.err, TSR_ENOTFOUND);
	assert_false(tsr_session_is_open(&s));
	/* Refused again on the next try: the marker stays until its deadline. */
	assert_int_equal(
	    open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 1000 + 50 * 1000, &why),
	    TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_FORWARD_EXPIRED);
	/* After the deadline it is as good as gone. */
	assert_int_equal(
	    open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 1000 + IDLE_S * 1000, &why),
	    TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_UNKNOWN);
	/* The new session is untouched by all this. */
	assert_int_equal(open_sid(f->st, f, &s, f->new_sid, TSR_LOCK_READ_ONLY, T0 + 40000, &why),
	                 TSR_OK);
	tsr_session_close(&s);
}

static void test_zero_grace_refuses_at_once(void **state)
{
	fixture *f = *state;
	tsr_session s;
	const char *why = NULL;

	make_old(f, "x");
	regenerate(f, T0 + 1000, 0, "x");
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 1000, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_FORWARD_EXPIRED);
}

static void test_two_regenerations_followed(void **state)
{
	fixture *f = *state;
	char third[TSR_SID_MAX_LEN + 1];
	tsr_session s;
	tsr_error e;

	make_old(f, "v1");
	regenerate(f, T0 + 1000, GRACE_S, "v2");
	assert_int_equal(tsr_sid_generate(BITS, third, sizeof(third), NULL), TSR_OK);
	assert_int_equal(open_sid(f->st, f, &s, f->new_sid, TSR_LOCK_EXCLUSIVE, T0 + 2000, NULL),
	                 TSR_OK);
	assert_int_equal(tsr_session_regenerate(&s, third, f->len, GRACE_S, T0 + 2000, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "v3", 2, T0 + 2000, &e), TSR_OK);

	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 3000, NULL),
	                 TSR_OK);
	assert_true(s.forwarded);
	assert_string_equal(tsr_session_id(&s, NULL), third);
	assert_memory_equal(s.record.payload.data, "v3", 2);
	tsr_session_close(&s);
}

static void test_old_csrf_token_dies_with_old_secret(void **state)
{
	fixture *f = *state;
	char before[TSR_CSRF_TOKEN_LEN + 1], after[TSR_CSRF_TOKEN_LEN + 1];
	tsr_session s;
	tsr_error e;

	make_old(f, "x");
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 500, NULL),
	                 TSR_OK);
	assert_int_equal(tsr_session_csrf_token(&s, before, sizeof(before), &e), TSR_OK);
	assert_true(tsr_session_csrf_verify(&s, before, strlen(before)));
	assert_int_equal(tsr_session_regenerate(&s, f->new_sid, f->len, GRACE_S, T0 + 500, &e), TSR_OK);
	assert_false(tsr_session_csrf_verify(&s, before, strlen(before)));
	assert_int_equal(tsr_session_csrf_token(&s, after, sizeof(after), &e), TSR_OK);
	assert_true(tsr_session_csrf_verify(&s, after, strlen(after)));
	assert_int_equal(tsr_session_commit(&s, "x", 1, T0 + 500, &e), TSR_OK);
	/* A forwarded request sees the new secret too. */
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_READ_ONLY, T0 + 600, NULL),
	                 TSR_OK);
	assert_false(tsr_session_csrf_verify(&s, before, strlen(before)));
	assert_true(tsr_session_csrf_verify(&s, after, strlen(after)));
	tsr_session_close(&s);
}

static void test_regenerate_refusals_keep_session_open(void **state)
{
	fixture *f = *state;
	tsr_session s;
	tsr_error e;

	make_old(f, "x");
	/* The new ID already exists. */
	tsr_session_init(&s);
	assert_int_equal(tsr_session_create(&s, f->st, f->new_sid, f->len, BITS, TSR_LOCK_EXCLUSIVE,
	                                    &f->policy, T0, &e),
	                 TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "other", 5, T0, &e), TSR_OK);

	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 10, NULL), TSR_OK);
	assert_int_equal(tsr_session_regenerate(&s, f->new_sid, f->len, GRACE_S, T0 + 10, &e),
	                 TSR_EINVAL);
	assert_int_equal(tsr_session_regenerate(&s, f->old_sid, f->len, GRACE_S, T0 + 10, &e),
	                 TSR_EINVAL);
	assert_int_equal(tsr_session_regenerate(&s, "short", 5, GRACE_S, T0 + 10, &e), TSR_EBADID);
	assert_int_equal(
	    tsr_session_regenerate(&s, f->new_sid, f->len, TSR_FORWARD_MAX_GRACE_S + 1, T0 + 10, &e),
	    TSR_EINVAL);
	assert_true(tsr_session_is_open(&s));
	assert_string_equal(tsr_session_id(&s, NULL), f->old_sid);
	assert_int_equal(tsr_session_commit(&s, "y", 1, T0 + 10, &e), TSR_OK);
	/* Both sessions are intact. */
	assert_int_equal(open_sid(f->st, f, &s, f->new_sid, TSR_LOCK_READ_ONLY, T0 + 20, NULL), TSR_OK);
	assert_memory_equal(s.record.payload.data, "other", 5);
	tsr_session_close(&s);
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_READ_ONLY, T0 + 20, NULL), TSR_OK);
	assert_false(s.forwarded);
	assert_memory_equal(s.record.payload.data, "y", 1);
	tsr_session_close(&s);
}

static void test_regenerate_read_only_refused(void **state)
{
	fixture *f = *state;
	tsr_session s;
	tsr_error e;

	make_old(f, "x");
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_READ_ONLY, T0 + 10, NULL), TSR_OK);
	assert_int_equal(tsr_session_regenerate(&s, f->new_sid, f->len, GRACE_S, T0 + 10, &e),
	                 TSR_EREADONLY);
	tsr_session_close(&s);
	assert_int_equal(tsr_test_record_deadline(f->root, f->new_sid), -1);
}

static void test_regenerate_unstored_session_just_renames(void **state)
{
	fixture *f = *state;
	const char *why = NULL;
	tsr_session s;
	tsr_error e;

	tsr_session_init(&s);
	assert_int_equal(tsr_session_create(&s, f->st, f->old_sid, f->len, BITS, TSR_LOCK_EXCLUSIVE,
	                                    &f->policy, T0, &e),
	                 TSR_OK);
	assert_int_equal(tsr_session_regenerate(&s, f->new_sid, f->len, GRACE_S, T0, &e), TSR_OK);
	assert_string_equal(tsr_session_id(&s, NULL), f->new_sid);
	assert_int_equal(tsr_session_commit(&s, "fresh", 5, T0, &e), TSR_OK);
	assert_int_equal(tsr_test_record_deadline(f->root, f->old_sid), -1);
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 1, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_UNKNOWN);
	assert_int_equal(open_sid(f->st, f, &s, f->new_sid, TSR_LOCK_EXCLUSIVE, T0 + 1, NULL), TSR_OK);
	assert_memory_equal(s.record.payload.data, "fresh", 5);
	tsr_session_close(&s);
}

static void test_tampered_forward_is_a_bad_record(void **state)
{
	fixture *f = *state;
	char path[512], *data;
	tsr_session s;
	size_t len;
	tsr_error e;

	make_old(f, "x");
	regenerate(f, T0 + 1000, GRACE_S, "x");
	data = tsr_test_read_file(tsr_test_record_path(f->root, f->old_sid, path, sizeof(path)), &len);
	assert_non_null(data);
	/* The forward field ends 8 (forward_until) + 4 (payload length) bytes before the end. */
	data[len - 12 - 1] ^= 0x01;
	tsr_test_write_file(path, data, len);
	free(data);
	tsr_session_init(&s);
	assert_int_equal(tsr_session_open(&s, f->st, f->old_sid, f->len, BITS, TSR_LOCK_EXCLUSIVE,
	                                  &f->policy, T0 + 2000, NULL, &e),
	                 TSR_EBADRECORD);
	assert_false(tsr_session_is_open(&s));
}

static void test_regenerate_in_none_mode(void **state)
{
	fixture *f = *state;
	tsr_session s;
	tsr_error e;

	make_old(f, "n");
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_NONE, T0 + 10, NULL), TSR_OK);
	assert_int_equal(tsr_session_regenerate(&s, f->new_sid, f->len, GRACE_S, T0 + 10, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "n2", 2, T0 + 10, &e), TSR_OK);
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_NONE, T0 + 20, NULL), TSR_OK);
	assert_true(s.forwarded);
	assert_memory_equal(s.record.payload.data, "n2", 2);
	tsr_session_close(&s);
}

static int renames;

/*
 * renameat() and renameat2() that fail (EIO) on the second rename of either
 * kind: the forward replacing the old record (by exchange with its spare).
 */
static int second_rename_fails(int od, const char *op, int nd, const char *np)
{
	if (++renames == 2) {
		errno = EIO;
		return -1;
	}
	return tsr__files_sys_default.renameat(od, op, nd, np);
}

static int second_rename2_fails(int od, const char *op, int nd, const char *np, unsigned flags)
{
	if (++renames == 2) {
		errno = EIO;
		return -1;
	}
	return tsr__files_sys_default.renameat2(od, op, nd, np, flags);
}

static void test_failed_forward_write_undoes_new_record(void **state)
{
	fixture *f = *state;
	tsr_session s;
	tsr_error e;

	make_old(f, "keep");
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 10, NULL), TSR_OK);
	renames = 0;
	tsr__files_sys.renameat = second_rename_fails;
	tsr__files_sys.renameat2 = second_rename2_fails;
	assert_int_equal(tsr_session_regenerate(&s, f->new_sid, f->len, GRACE_S, T0 + 10, &e), TSR_EIO);
	tsr__files_sys = tsr__files_sys_default;
	assert_int_equal(renames, 2);
	assert_false(tsr_session_is_open(&s));
	/* No second copy under the new ID; the old session is whole and not a forward. */
	assert_int_equal(tsr_test_record_deadline(f->root, f->new_sid), -1);
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 20, NULL), TSR_OK);
	assert_false(s.forwarded);
	assert_memory_equal(s.record.payload.data, "keep", 4);
	assert_int_equal(s.record.user_id.len, 5);
	tsr_session_close(&s);
}

/* ---- ten in-flight requests --------------------------------------------------------------- */

typedef struct child_arg {
	const fixture *f;
	int out; /* pipe: the ID the child ended up on */
} child_arg;

/*
 * A request that arrived with the old cookie: blocks on the old ID's lock,
 * then must land on the new session, add 1 to its counter and commit.
 * Exit status 0 on success, else a small number naming the failed step.
 */
static int in_flight_request(void *p)
{
	child_arg *a = p;
	tsr_store_config cfg = {20000, 1000};
	char buf[32];
	tsr_store *st = NULL;
	tsr_session s;
	tsr_error e;
	size_t len;
	long n;

	if (tsr_store_open(a->f->root, &cfg, &st, &e) != TSR_OK) {
		return 10;
	}
	tsr_session_init(&s);
	if (tsr_session_open(&s, st, a->f->old_sid, a->f->len, BITS, TSR_LOCK_EXCLUSIVE, &a->f->policy,
	                     T0 + 2000, NULL, &e) != TSR_OK) {
		return 11;
	}
	if (!s.forwarded) {
		return 12;
	}
	tsr_test_send_bytes(a->out, tsr_session_id(&s, &len), a->f->len);
	n = strtol((const char *) s.record.payload.data, NULL, 10); /* payload is "NN\0" */
	snprintf(buf, sizeof(buf), "%ld", n + 1);
	if (tsr_session_commit(&s, buf, strlen(buf) + 1, T0 + 2000, &e) != TSR_OK) {
		return 13;
	}
	tsr_store_close(st);
	return 0;
}

static void test_ten_waiting_requests_follow_the_forward(void **state)
{
	enum { N = 10 };
	fixture *f = *state;
	tsr_store_config cfg = {20000, 1000};
	char got[TSR_SID_MAX_LEN + 1];
	child_arg arg;
	pid_t pids[N];
	tsr_session s;
	tsr_store *waiting_store;
	int fds[2];
	tsr_error e;

	tsr_session_init(&s);
	assert_int_equal(tsr_session_create(&s, f->st, f->old_sid, f->len, BITS, TSR_LOCK_EXCLUSIVE,
	                                    &f->policy, T0, &e),
	                 TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "0", 2, T0, &e), TSR_OK);

	/* The "login" request holds the old ID's lock while the others arrive and wait. */
	assert_int_equal(tsr_store_open(f->root, &cfg, &waiting_store, &e), TSR_OK);
	assert_int_equal(
	    open_sid(waiting_store, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 1000, NULL), TSR_OK);
	tsr_test_pipe(fds);
	arg.f = f;
	arg.out = fds[1];
	for (int i = 0; i < N; i++) {
		pids[i] = tsr_test_fork(in_flight_request, &arg);
	}
	for (int i = 0; i < N; i++) {
		if (!tsr_test_await_flock_waiter(pids[i], 10000)) {
			fail_msg("request %d never waited for the old ID's lock", i);
		}
	}
	assert_int_equal(tsr_session_regenerate(&s, f->new_sid, f->len, GRACE_S, T0 + 1000, &e),
	                 TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "0", 2, T0 + 1000, &e), TSR_OK);
	close(fds[1]);

	for (int i = 0; i < N; i++) {
		int status = tsr_test_wait(pids[i]);
		if (status != 0) {
			fail_msg("request %d failed with status %d", i, status);
		}
	}
	for (int i = 0; i < N; i++) {
		assert_true(tsr_test_recv_bytes(fds[0], got, f->len));
		got[f->len] = '\0';
		assert_string_equal(got, f->new_sid);
	}
	close(fds[0]);
	/* All ten landed on the new session, one at a time: the counter is exact. */
	assert_int_equal(open_sid(f->st, f, &s, f->new_sid, TSR_LOCK_READ_ONLY, T0 + 3000, NULL),
	                 TSR_OK);
	assert_string_equal((const char *) s.record.payload.data, "10");
	tsr_session_close(&s);
	tsr_store_close(waiting_store);
}

/* ---- revocation and reasons --------------------------------------------------------------- */

static void test_revoked_id_reports_revoked(void **state)
{
	fixture *f = *state;
	tsr_record rec;
	tsr_session s;
	const char *why = NULL;
	tsr_key k;
	tsr_error e;

	make_old(f, "x");
	assert_int_equal(tsr_key_from_sid(f->old_sid, f->len, &k, NULL), TSR_OK);
	assert_int_equal(tsr_session_revoke(f->st, &k, T0 + 100, &e), TSR_OK);
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 200, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_REVOKED);
	/* The tombstone keeps nothing of the session but its lifetime. */
	tsr_record_init(&rec);
	tsr_test_record_load(f->root, f->old_sid, &rec);
	assert_int_equal(tsr_forward_state_of(&rec), TSR_FORWARD_REVOKED);
	assert_int_equal(rec.payload.len, 0);
	assert_int_equal(rec.user_id.len, 0);
	assert_int_equal(rec.forward_until, T0 + 100);
	tsr_record_clear(&rec);
	/* Kept until the session's own deadline, then unknown. */
	assert_int_equal(tsr_test_record_deadline(f->root, f->old_sid), T0 + IDLE_S * 1000);
	assert_int_equal(
	    open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_READ_ONLY, T0 + IDLE_S * 1000, &why),
	    TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_UNKNOWN);
}

static void test_revoke_only_live_sessions(void **state)
{
	fixture *f = *state;
	tsr_key k, unknown;
	tsr_error e;

	assert_int_equal(tsr_key_from_sid(f->new_sid, f->len, &unknown, NULL), TSR_OK);
	assert_int_equal(tsr_session_revoke(f->st, &unknown, T0, &e), TSR_ENOTFOUND);
	make_old(f, "x");
	assert_int_equal(tsr_key_from_sid(f->old_sid, f->len, &k, NULL), TSR_OK);
	assert_int_equal(tsr_session_revoke(f->st, &k, T0 + IDLE_S * 1000, &e), TSR_ENOTFOUND);
	assert_int_equal(tsr_session_revoke(f->st, &k, T0 + 1, &e), TSR_OK);
	assert_int_equal(tsr_session_revoke(f->st, &k, T0 + 2, &e), TSR_ENOTFOUND);
	assert_int_equal(tsr_session_revoke(NULL, &k, T0 + 2, &e), TSR_EINVAL);
}

static void test_every_reason(void **state)
{
	fixture *f = *state;
	char ids[4][TSR_SID_MAX_LEN + 1];
	tsr_policy long_idle = {3600, 120};
	const char *why = NULL;
	tsr_session s;
	tsr_error e;
	tsr_key k;

	for (int i = 0; i < 4; i++) {
		assert_int_equal(tsr_sid_generate(BITS, ids[i], sizeof(ids[i]), NULL), TSR_OK);
	}
	/* malformed */
	tsr_session_init(&s);
	assert_int_equal(
	    tsr_session_open(&s, f->st, "bad", 3, BITS, TSR_LOCK_NONE, &f->policy, T0, &why, &e),
	    TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_MALFORMED);
	/* unknown */
	assert_int_equal(open_sid(f->st, f, &s, ids[0], TSR_LOCK_NONE, T0, &why), TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_UNKNOWN);
	/* idle and absolute timeouts */
	tsr_session_init(&s);
	assert_int_equal(
	    tsr_session_create(&s, f->st, ids[1], f->len, BITS, TSR_LOCK_EXCLUSIVE, &long_idle, T0, &e),
	    TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "a", 1, T0, &e), TSR_OK);
	assert_int_equal(open_sid(f->st, f, &s, ids[1], TSR_LOCK_READ_ONLY, T0 + 61 * 1000, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_IDLE);
	tsr_session_init(&s);
	assert_int_equal(tsr_session_open(&s, f->st, ids[1], f->len, BITS, TSR_LOCK_READ_ONLY,
	                                  &long_idle, T0 + 121 * 1000, &why, &e),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_ABSOLUTE);
	/* forwarded after grace, revoked: covered above, checked here once more side by side. */
	make_old(f, "x");
	regenerate(f, T0 + 1000, 1, "x");
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_NONE, T0 + 2000, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_FORWARD_EXPIRED);
	assert_int_equal(tsr_key_from_sid(f->new_sid, f->len, &k, NULL), TSR_OK);
	assert_int_equal(tsr_session_revoke(f->st, &k, T0 + 2000, &e), TSR_OK);
	assert_int_equal(open_sid(f->st, f, &s, f->new_sid, TSR_LOCK_NONE, T0 + 2001, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_REVOKED);
	/* An old ID whose forward leads to a revoked session: that session's reason. */
	tsr_session_init(&s);
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_NONE, T0 + 1500, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_REVOKED);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* ---- durability on the default files store (sync=ends) ------------------------------------ */

#define MAX_NOTED 32
/* Inodes of the regular files fsynced since n_noted was last set to 0. */
static ino_t noted[MAX_NOTED];
static int n_noted;

/* fsync() that notes the inode of each regular file it flushes. */
static int noting_fsync(int fd)
{
	struct stat sb;

	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && n_noted < MAX_NOTED) {
		noted[n_noted++] = sb.st_ino;
	}
	return tsr__files_sys_default.fsync(fd);
}

/* Whether the file now stored as the record of 'sid' is one noting_fsync flushed. */
static bool record_was_flushed(const fixture *f, const char *sid)
{
	char path[1024];
	struct stat sb;

	assert_int_equal(stat(tsr_test_record_path(f->root, sid, path, sizeof(path)), &sb), 0);
	for (int i = 0; i < n_noted; i++) {
		if (noted[i] == sb.st_ino) {
			return true;
		}
	}
	return false;
}

/*
 * On the default files store (sync=ends) an ordinary commit is not
 * flushed, but the forward a regeneration leaves under the old ID and a
 * revocation's tombstone are (TSR_WRITE_ENDS_ID): after a power loss the
 * ID they end stays dead.
 */
static void test_ending_an_id_is_flushed(void **state)
{
	fixture *f = *state;
	tsr_session s;
	tsr_error e;
	tsr_key k;

	make_old(f, "cart=1");
	tsr__files_sys.fsync = noting_fsync;
	n_noted = 0;
	assert_int_equal(open_sid(f->st, f, &s, f->old_sid, TSR_LOCK_EXCLUSIVE, T0 + 100, NULL),
	                 TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "cart=2", 6, T0 + 100, &e), TSR_OK);
	assert_int_equal(n_noted, 0);

	regenerate(f, T0 + 200, GRACE_S, "cart=3");
	assert_true(record_was_flushed(f, f->old_sid));
	assert_false(record_was_flushed(f, f->new_sid));

	assert_int_equal(tsr_key_from_sid(f->new_sid, f->len, &k, NULL), TSR_OK);
	assert_int_equal(tsr_session_revoke(f->st, &k, T0 + 300, &e), TSR_OK);
	assert_true(record_was_flushed(f, f->new_sid));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_new_record_carries_the_session),
	    T(test_old_record_becomes_a_bare_forward),
	    T(test_old_deadline_covers_a_long_grace),
	    T(test_open_during_grace_gets_new_id),
	    T(test_open_after_grace_refused),
	    T(test_zero_grace_refuses_at_once),
	    T(test_two_regenerations_followed),
	    T(test_old_csrf_token_dies_with_old_secret),
	    T(test_regenerate_refusals_keep_session_open),
	    T(test_regenerate_read_only_refused),
	    T(test_regenerate_unstored_session_just_renames),
	    T(test_tampered_forward_is_a_bad_record),
	    T(test_regenerate_in_none_mode),
	    T(test_failed_forward_write_undoes_new_record),
	    T(test_ten_waiting_requests_follow_the_forward),
	    T(test_revoked_id_reports_revoked),
	    T(test_revoke_only_live_sessions),
	    T(test_every_reason),
	    T(test_ending_an_id_is_flushed),
	};

	/* A lock bug must fail the run, not hang it. */
	alarm(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
