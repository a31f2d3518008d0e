/*
 * Unit tests for the session unit (lib/src/session.c) on the files store:
 * malformed and unknown IDs, the create / commit / open round trip, idle
 * and absolute expiry at explicit times, lazy (touch) versus full writes,
 * READ_ONLY refusals, corrupt, empty or misplaced records, destroy and
 * fencing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files_layout.h"
#include "store_fixture.h"
#include "support.h"
#include "tessera/key.h"
#include "tessera/session.h"
#include "tessera/sid.h"

/* An arbitrary fixed "now" (ms): 2023-11-14T22:13:20Z. */
#define T0 INT64_C(1700000000000)
#define BITS TSR_SID_DEFAULT_BITS

/* A store on a fresh directory, a fresh ID, idle timeout 60 s (see store_fixture.h). */
static int setup(void **state)
{
	return tsr_test_session_setup(state, 60);
}

/* ---- IDs ---------------------------------------------------------------------------------- */

/* A malformed ID is rejected before the store: not even a directory appears. */
static void test_malformed_id_touches_nothing(void **state)
{
	tsr_test_fixture *f = *state;
	static const tsr_lock_mode modes[] = {TSR_LOCK_EXCLUSIVE, TSR_LOCK_READ_ONLY, TSR_LOCK_NONE};
	char bad[6][TSR_SID_MAX_LEN + 1];
	size_t lens[6], i, m;
	tsr_session s;
	const char *why;
	tsr_error e;

	for (i = 0; i < 6; i++) {
		memcpy(bad[i], f->sid, f->sid_len + 1);
		lens[i] = f->sid_len;
	}
	lens[0] = f->sid_len - 1; /* too short */
	bad[1][3] = '/';
	bad[2][0] = '.';
	bad[2][1] = '.';
	bad[3][10] = '\0'; /* NUL inside, length still full */
	bad[4][31] = '\n';
	lens[5] = 0;
	for (m = 0; m < 3; m++) {
		for (i = 0; i < 6; i++) {
			tsr_session_init(&s);
			why = NULL;
			assert_int_equal(tsr_session_open(&s, f->st, bad[i], lens[i], BITS, modes[m],
			                                  &f->policy, T0, &why, &e),
			                 TSR_ENOTFOUND);
			assert_string_equal(why, "malformed id");
			assert_int_equal(e.err, TSR_ENOTFOUND);
			assert_false(tsr_session_is_open(&s));
		}
	}
	tsr_session_init(&s);
	assert_int_equal(
	    tsr_session_open(&s, f->st, NULL, 0, BITS, TSR_LOCK_EXCLUSIVE, &f->policy, T0, &why, &e),
	    TSR_ENOTFOUND);
	assert_string_equal(why, "malformed id");
	assert_int_equal(tsr_test_count_entries(f->root), 0);
}

static void test_unknown_id(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	const char *why = NULL;
	tsr_error e;

	tsr_session_init(&s);
	assert_int_equal(tsr_session_open(&s, f->st, f->sid, f->sid_len, BITS, TSR_LOCK_EXCLUSIVE,
	                                  &f->policy, T0, &why, &e),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, "unknown id");
	assert_int_equal(e.err, TSR_ENOTFOUND);
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(tsr_test_count_files(f->root), 0);
	/* 'why' may be NULL. */
	assert_int_equal(tsr_session_open(&s, f->st, f->sid, f->sid_len, BITS, TSR_LOCK_READ_ONLY,
	                                  &f->policy, T0, NULL, NULL),
	                 TSR_ENOTFOUND);
}

static void test_create_malformed_id(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;

	tsr_session_init(&s);
	assert_int_equal(
	    tsr_session_create(&s, f->st, "abc", 3, BITS, TSR_LOCK_EXCLUSIVE, &f->policy, T0, &e),
	    TSR_EBADID);
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(tsr_test_count_entries(f->root), 0);
}

/* create refuses an ID the store already knows rather than overwrite that session. */
static void test_create_existing_id_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;

	tsr_test_session_make(f, "mine", T0);
	tsr_session_init(&s);
	assert_int_equal(tsr_session_create(&s, f->st, f->sid, f->sid_len, BITS, TSR_LOCK_EXCLUSIVE,
	                                    &f->policy, T0, &e),
	                 TSR_EINVAL);
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_READ_ONLY, T0, NULL), TSR_OK);
	assert_int_equal(s.record.payload.len, 4);
	tsr_session_close(&s);
}

/* ---- round trip --------------------------------------------------------------------------- */

static void test_create_commit_open_round_trip(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k;
	tsr_session s;

	tsr_test_session_make(f, "a|i:1;", T0);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 1000, NULL), TSR_OK);
	assert_true(tsr_session_is_open(&s));
	assert_false(s.is_new);
	assert_int_equal(s.record.payload.len, 6);
	assert_memory_equal(s.record.payload.data, "a|i:1;", 6);
	assert_int_equal(s.record.generation, 1);
	assert_int_equal(s.record.created_at, T0);
	assert_int_equal(s.record.last_active, T0);
	assert_int_equal(s.record.idle_timeout, 60);
	assert_int_equal(s.expires_at, T0 + 60000);
	assert_int_equal(tsr_key_from_sid(f->sid, f->sid_len, &k, NULL), TSR_OK);
	assert_memory_equal(s.key.bytes, k.bytes, TSR_KEY_LEN);
	assert_memory_equal(s.record.key, k.bytes, TSR_KEY_LEN);
	tsr_session_close(&s);
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), T0 + 60000);
}

/* An open EXCLUSIVE session keeps others out until it is committed. */
static void test_open_holds_lock_until_commit(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s, t;
	tsr_error e;

	tsr_test_session_make(f, "x", T0);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 1, NULL), TSR_OK);
	assert_int_equal(tsr_test_session_open(f, &t, TSR_LOCK_EXCLUSIVE, T0 + 1, NULL),
	                 TSR_ELOCKTIMEOUT);
	assert_false(tsr_session_is_open(&t));
	assert_int_equal(tsr_session_commit(&s, "y", 1, T0 + 2, &e), TSR_OK);
	assert_int_equal(tsr_test_session_open(f, &t, TSR_LOCK_EXCLUSIVE, T0 + 3, NULL), TSR_OK);
	tsr_session_close(&t);
}

/* ---- expiry ------------------------------------------------------------------------------- */

static void test_idle_expiry_deletes(void **state)
{
	tsr_test_fixture *f = *state;
	char path[512];
	tsr_session s;
	const char *why = NULL;

	tsr_test_session_make(f, "p", T0);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 59999, &why), TSR_OK);
	tsr_session_close(&s);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 60000, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, "idle timeout");
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(access(tsr_test_record_path(f->root, f->sid, path, sizeof(path)), F_OK), -1);
	assert_int_equal(tsr_test_count_files(f->root), 0);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 60001, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, "unknown id");
}

static void test_absolute_expiry_deletes(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	const char *why = NULL;
	tsr_error e;

	f->policy.idle_timeout = 600;
	f->policy.absolute_timeout = 100;
	tsr_test_session_make(f, "p", T0);
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), T0 + 100000);
	/* Used again half way: the deadline stays clipped to the absolute expiry. */
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 50000, &why), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "p", 1, T0 + 50000, &e), TSR_OK);
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), T0 + 100000);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 100000, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, "absolute timeout");
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), -1);
}

/* READ_ONLY holds no lock, so it reports an expired session without deleting it. */
static void test_expired_read_only_left_for_gc(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	const char *why = NULL;

	tsr_test_session_make(f, "p", T0);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_READ_ONLY, T0 + 60000, &why),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, "idle timeout");
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), T0 + 60000);
}

/* ---- commit ------------------------------------------------------------------------------- */

/* An unchanged payload only moves the deadline: the bytes stay exactly as they were. */
static void test_unchanged_commit_touches(void **state)
{
	tsr_test_fixture *f = *state;
	char path[512], *before, *after;
	size_t blen, alen;
	tsr_session s;
	tsr_error e;

	tsr_test_session_make(f, "same", T0);
	before = tsr_test_read_file(tsr_test_record_path(f->root, f->sid, path, sizeof(path)), &blen);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10000, NULL), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "same", 4, T0 + 10000, &e), TSR_OK);
	assert_false(tsr_session_is_open(&s));
	after = tsr_test_read_file(path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), T0 + 70000);
	free(before);
	free(after);
}

static void test_changed_commit_bumps_generation(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_record rec;
	tsr_session s;
	tsr_error e;

	tsr_test_session_make(f, "v1", T0);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 10000, NULL), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "v2", 2, T0 + 10000, &e), TSR_OK);
	tsr_record_init(&rec);
	tsr_test_record_load(f->root, f->sid, &rec);
	assert_int_equal(rec.generation, 2);
	assert_int_equal(rec.last_active, T0 + 10000);
	assert_int_equal(rec.created_at, T0);
	assert_int_equal(rec.payload.len, 2);
	assert_memory_equal(rec.payload.data, "v2", 2);
	tsr_record_clear(&rec);
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), T0 + 70000);
}

/* A changed idle timeout is written into the record even when the payload is unchanged. */
static void test_new_idle_timeout_rewrites(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_record rec;
	tsr_session s;
	tsr_error e;

	tsr_test_session_make(f, "v1", T0);
	f->policy.idle_timeout = 120;
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 1000, NULL), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "v1", 2, T0 + 1000, &e), TSR_OK);
	tsr_record_init(&rec);
	tsr_test_record_load(f->root, f->sid, &rec);
	assert_int_equal(rec.idle_timeout, 120);
	assert_int_equal(rec.generation, 2);
	tsr_record_clear(&rec);
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), T0 + 1000 + 120000);
}

static void test_read_only_commit_of_change_refused(void **state)
{
	tsr_test_fixture *f = *state;
	char path[512], *before, *after;
	size_t blen, alen;
	tsr_session s;
	tsr_error e;

	tsr_test_session_make(f, "orig", T0);
	before = tsr_test_read_file(tsr_test_record_path(f->root, f->sid, path, sizeof(path)), &blen);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_READ_ONLY, T0 + 5000, NULL), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "changed", 7, T0 + 5000, &e), TSR_EREADONLY);
	assert_int_equal(e.err, TSR_EREADONLY);
	assert_false(tsr_session_is_open(&s));
	/* Unchanged: just closes, and does not even touch. */
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_READ_ONLY, T0 + 6000, NULL), TSR_OK);
	assert_int_equal(tsr_session_commit(&s, "orig", 4, T0 + 6000, &e), TSR_OK);
	after = tsr_test_read_file(path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), T0 + 60000);
	free(before);
	free(after);
}

static void test_commit_closed_session(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;

	(void) f;
	tsr_session_init(&s);
	assert_int_equal(tsr_session_commit(&s, "x", 1, T0, &e), TSR_EINVAL);
	assert_int_equal(tsr_session_destroy(&s, &e), TSR_EINVAL);
	assert_int_equal(tsr_session_commit(NULL, "x", 1, T0, &e), TSR_EINVAL);
	tsr_session_close(&s);
	tsr_session_close(NULL);
	assert_false(tsr_session_is_open(NULL));
}

/* A NONE commit does not bring back a session destroyed after it was read. */
static void test_none_commit_after_destroy_is_gone(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session reader, killer;
	tsr_error e;

	tsr_test_session_make(f, "v1", T0);
	assert_int_equal(tsr_test_session_open(f, &reader, TSR_LOCK_NONE, T0 + 1, NULL), TSR_OK);
	assert_int_equal(tsr_test_session_open(f, &killer, TSR_LOCK_EXCLUSIVE, T0 + 1, NULL), TSR_OK);
	assert_int_equal(tsr_session_destroy(&killer, &e), TSR_OK);
	assert_int_equal(tsr_session_commit(&reader, "v2", 2, T0 + 2, &e), TSR_EGONE);
	assert_int_equal(e.err, TSR_EGONE);
	assert_false(tsr_session_is_open(&reader));
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), -1);
	assert_int_equal(tsr_test_count_files(f->root), 0);
}

/* ---- corrupt records ---------------------------------------------------------------------- */

static void test_corrupt_record_left_in_place(void **state)
{
	tsr_test_fixture *f = *state;
	static const char junk[] = "TSRC\x01garbage that is no record";
	char path[512], *after;
	size_t alen;
	tsr_session s, t;
	const char *why = NULL;
	tsr_error e;

	tsr_test_session_make(f, "v1", T0);
	tsr_test_write_file(tsr_test_record_path(f->root, f->sid, path, sizeof(path)), junk,
	                    sizeof(junk) - 1);
	tsr_session_init(&s);
	assert_int_equal(tsr_session_open(&s, f->st, f->sid, f->sid_len, BITS, TSR_LOCK_EXCLUSIVE,
	                                  &f->policy, T0 + 1, &why, &e),
	                 TSR_EBADRECORD);
	assert_int_equal(e.err, TSR_EBADRECORD);
	assert_false(tsr_session_is_open(&s));
	after = tsr_test_read_file(path, &alen);
	assert_int_equal(alen, sizeof(junk) - 1);
	assert_memory_equal(after, junk, alen);
	free(after);
	/* The lock was not kept. */
	assert_int_equal(tsr_test_session_open(f, &t, TSR_LOCK_EXCLUSIVE, T0 + 1, NULL),
	                 TSR_EBADRECORD);
}

/*
 * An empty record (what a power loss can leave of an unflushed write) is an
 * unknown ID, not an error: the caller issues a new session. The empty file
 * is left alone (gc removes it with its deadline).
 */
static void test_empty_record_is_unknown(void **state)
{
	tsr_test_fixture *f = *state;
	char path[512];
	const char *why = NULL;
	tsr_session s, t;
	struct stat sb;
	tsr_error e;

	tsr_test_session_make(f, "v1", T0);
	tsr_test_write_file(tsr_test_record_path(f->root, f->sid, path, sizeof(path)), "", 0);
	tsr_session_init(&s);
	assert_int_equal(tsr_session_open(&s, f->st, f->sid, f->sid_len, BITS, TSR_LOCK_EXCLUSIVE,
	                                  &f->policy, T0 + 1, &why, &e),
	                 TSR_ENOTFOUND);
	assert_string_equal(why, TSR_WHY_UNKNOWN);
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	/* The lock was not kept. */
	assert_int_equal(tsr_test_session_open(f, &t, TSR_LOCK_EXCLUSIVE, T0 + 1, NULL), TSR_ENOTFOUND);
}

/* A record copied under another session's name is refused (its key does not match). */
static void test_record_of_other_session_refused(void **state)
{
	tsr_test_fixture *f = *state;
	char other[TSR_SID_MAX_LEN + 1], path[512], path2[512], *data;
	size_t len;
	tsr_session s;
	tsr_error e;

	tsr_test_session_make(f, "victim", T0);
	memcpy(other, f->sid, sizeof(other));
	assert_int_equal(tsr_sid_generate(BITS, f->sid, sizeof(f->sid), NULL), TSR_OK);
	tsr_test_session_make(f, "attacker", T0);
	/* Put the victim's record where the attacker's belongs. */
	data = tsr_test_read_file(tsr_test_record_path(f->root, other, path, sizeof(path)), &len);
	tsr_test_write_file(tsr_test_record_path(f->root, f->sid, path2, sizeof(path2)), data, len);
	free(data);
	tsr_session_init(&s);
	assert_int_equal(tsr_session_open(&s, f->st, f->sid, f->sid_len, BITS, TSR_LOCK_READ_ONLY,
	                                  &f->policy, T0 + 1, NULL, &e),
	                 TSR_EBADRECORD);
	assert_false(tsr_session_is_open(&s));
}

/* ---- destroy ------------------------------------------------------------------------------ */

static void test_destroy_removes(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	const char *why = NULL;
	tsr_error e;

	tsr_test_session_make(f, "bye", T0);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 1, NULL), TSR_OK);
	assert_int_equal(tsr_session_destroy(&s, &e), TSR_OK);
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(tsr_test_count_files(f->root), 0);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_EXCLUSIVE, T0 + 2, &why), TSR_ENOTFOUND);
	assert_string_equal(why, "unknown id");
}

static void test_destroy_new_session(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;

	tsr_session_init(&s);
	assert_int_equal(tsr_session_create(&s, f->st, f->sid, f->sid_len, BITS, TSR_LOCK_EXCLUSIVE,
	                                    &f->policy, T0, &e),
	                 TSR_OK);
	assert_int_equal(tsr_session_destroy(&s, &e), TSR_OK);
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(tsr_test_count_files(f->root), 0);
}

static void test_destroy_read_only_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;

	tsr_test_session_make(f, "stay", T0);
	assert_int_equal(tsr_test_session_open(f, &s, TSR_LOCK_READ_ONLY, T0 + 1, NULL), TSR_OK);
	assert_int_equal(tsr_session_destroy(&s, &e), TSR_EREADONLY);
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(tsr_test_record_deadline(f->root, f->sid), T0 + 60000);
}

/* A new session closed without commit leaves nothing behind. */
static void test_close_new_session_stores_nothing(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_session s;
	tsr_error e;

	tsr_session_init(&s);
	assert_int_equal(tsr_session_create(&s, f->st, f->sid, f->sid_len, BITS, TSR_LOCK_EXCLUSIVE,
	                                    &f->policy, T0, &e),
	                 TSR_OK);
	tsr_session_close(&s);
	assert_false(tsr_session_is_open(&s));
	assert_int_equal(tsr_test_count_files(f->root), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, tsr_test_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_malformed_id_touches_nothing),
	    T(test_unknown_id),
	    T(test_create_malformed_id),
	    T(test_create_existing_id_refused),
	    T(test_create_commit_open_round_trip),
	    T(test_open_holds_lock_until_commit),
	    T(test_idle_expiry_deletes),
	    T(test_absolute_expiry_deletes),
	    T(test_expired_read_only_left_for_gc),
	    T(test_unchanged_commit_touches),
	    T(test_changed_commit_bumps_generation),
	    T(test_new_idle_timeout_rewrites),
	    T(test_read_only_commit_of_change_refused),
	    T(test_commit_closed_session),
	    T(test_none_commit_after_destroy_is_gone),
	    T(test_corrupt_record_left_in_place),
	    T(test_empty_record_is_unknown),
	    T(test_record_of_other_session_refused),
	    T(test_destroy_removes),
	    T(test_destroy_new_session),
	    T(test_destroy_read_only_refused),
	    T(test_close_new_session_stores_nothing),
	};

	/* A lock bug must fail the run, not hang it. */
	alarm(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
