/*
 * Unit tests for the files store's DSN option sync (lib/src/store_files.c):
 * sync=ends (the default) fsyncs only what ends a session ID: a write with
 * TSR_WRITE_ENDS_ID (its temp file and shard directory), a destroy (its
 * shard directory) and a new user index marker; sync=full fsyncs every
 * write (the shard directory before the write mutex is left) and destroy;
 * sync=off fsyncs none of them and still stores and reads records whole;
 * a new shard directory is flushed with sync=full only;
 * a bad value or an unknown option is refused with a message naming it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_files_sys.h"
#include "store_fixture.h"
#include "support.h"
#include "tessera/record.h"
#include "tessera/store.h"

/* Far in the future (ms, year 2096): never expired by a real clock. */
#define FAR_FUTURE INT64_C(4000000000000)

static int fsync_calls;

/* fsync() that counts its calls. */
static int counting_fsync(int fd)
{
	fsync_calls++;
	return tsr__files_sys_default.fsync(fd);
}

/* A temporary store root; the store under test is opened by each test. */
static int setup(void **state)
{
	*state = tsr_test_mkdtemp();
	tsr__files_sys = tsr__files_sys_default;
	tsr__files_sys.fsync = counting_fsync;
	return 0;
}

static int teardown(void **state)
{
	char *root = *state;

	tsr__files_sys = tsr__files_sys_default;
	tsr_test_rmtree(root);
	free(root);
	return 0;
}

/* Opens "files://<root><query>"; returns the store's code, the message into 'e'. */
static int open_with(const char *root, const char *query, tsr_store **st, tsr_error *e)
{
	tsr_store_config cfg = {0, 1000};
	char dsn[512];

	snprintf(dsn, sizeof(dsn), "files://%s%s", root, query);
	return tsr_store_open(dsn, &cfg, st, e);
}

/*
 * Writes 'payload' as session 'k's record (created if missing, naming
 * user 'user' or none) with the write flags 'extra' besides
 * TSR_WRITE_CREATE | TSR_RELEASE, and returns how many fsyncs the write
 * made.
 */
static int counted_put_flags(tsr_store *st, const tsr_key *k, const char *payload, const char *user,
                             unsigned extra)
{
	struct tsr_store_write w;
	tsr_record rec;
	tsr_bytes enc = {NULL, 0}, old;
	tsr_lock *lk;
	int64_t old_exp;
	int rc, calls;

	tsr_record_init(&rec);
	memcpy(rec.key, k->bytes, TSR_KEY_LEN);
	rec.created_at = 1000;
	rec.last_active = 1000;
	rec.idle_timeout = 60;
	assert_int_equal(tsr_bytes_set(&rec.payload, payload, strlen(payload)), TSR_OK);
	if (user != NULL) {
		assert_int_equal(tsr_bytes_set(&rec.user_id, user, strlen(user)), TSR_OK);
	}
	assert_int_equal(tsr_record_encode(&rec, &enc, NULL), TSR_OK);
	tsr_record_clear(&rec);
	rc = tsr_store_acquire(st, k, TSR_LOCK_EXCLUSIVE, &lk, &old, &old_exp);
	assert_true(rc == TSR_OK || rc == TSR_ENOTFOUND);
	tsr_bytes_free(&old);
	w = (struct tsr_store_write){enc.data, enc.len, FAR_FUTURE, user,
	                             TSR_WRITE_CREATE | TSR_RELEASE | extra};
	fsync_calls = 0;
	assert_int_equal(tsr_store_write(st, lk, &w), TSR_OK);
	calls = fsync_calls;
	tsr_store_release(st, lk);
	tsr_bytes_free(&enc);
	return calls;
}

/* counted_put_flags for an ordinary write (no TSR_WRITE_ENDS_ID). */
static int counted_put(tsr_store *st, const tsr_key *k, const char *payload, const char *user)
{
	return counted_put_flags(st, k, payload, user, 0);
}

/* Destroys session 'k' and returns how many fsyncs the destroy made. */
static int counted_destroy(tsr_store *st, const tsr_key *k)
{
	tsr_bytes old;
	tsr_lock *lk;
	int64_t exp;
	int calls;

	assert_int_equal(tsr_store_acquire(st, k, TSR_LOCK_EXCLUSIVE, &lk, &old, &exp), TSR_OK);
	tsr_bytes_free(&old);
	fsync_calls = 0;
	assert_int_equal(tsr_store_destroy(st, lk, TSR_RELEASE), TSR_OK);
	calls = fsync_calls;
	tsr_store_release(st, lk);
	return calls;
}

/* Reads session 'k' without a lock and checks that its payload is 'want'. */
static void assert_payload(tsr_store *st, const tsr_key *k, const char *want)
{
	tsr_record rec;
	tsr_bytes got;
	tsr_lock *lk;
	int64_t exp;

	assert_int_equal(tsr_store_acquire(st, k, TSR_LOCK_READ_ONLY, &lk, &got, &exp), TSR_OK);
	tsr_store_release(st, lk);
	tsr_record_init(&rec);
	assert_int_equal(tsr_record_decode(got.data, got.len, &rec, NULL), TSR_OK);
	assert_int_equal(rec.payload.len, strlen(want));
	assert_memory_equal(rec.payload.data, want, strlen(want));
	tsr_record_clear(&rec);
	tsr_bytes_free(&got);
}

/*
 * The flushes of sync=ends, which 'query' selects (the default or spelled
 * out): none for an ordinary write, the record and the shard for one that
 * ends the ID, the shard for a destroy, the index directory for a new
 * user marker.
 */
static void check_sync_ends(const char *root, const char *query)
{
	tsr_store *st;
	tsr_error e;
	tsr_key k = tsr_test_key_of("sync-ends");

	assert_int_equal(open_with(root, query, &st, &e), TSR_OK);
	counted_put(st, &k, "first", "alice"); /* creates the shard and alice's index directories */
	assert_int_equal(counted_put(st, &k, "second", "alice"), 0);
	assert_payload(st, &k, "second");
	assert_int_equal(counted_put_flags(st, &k, "forward", "alice", TSR_WRITE_ENDS_ID), 2);
	assert_payload(st, &k, "forward");
	counted_put(st, &k, "third", "bob"); /* creates bob's index directories */
	counted_put(st, &k, "fourth", "alice");
	assert_int_equal(counted_put(st, &k, "fifth", "bob"), 1); /* bob's new marker */
	assert_int_equal(counted_destroy(st, &k), 1);
	tsr_store_close(st);
}

static void test_default_syncs_only_what_ends_an_id(void **state)
{
	check_sync_ends(*state, "");
}

static void test_sync_ends_spelled_out(void **state)
{
	check_sync_ends(*state, "?sync=ends");
}

/* The lock file whose byte 0 is the write mutex of the session the mutex probe watches. */
static char probe_lock_path[1024];
/* Directory fsyncs seen by mutex_probe_fsync, and how many found the mutex free. */
static int probe_dir_syncs, probe_dir_syncs_unguarded;

/*
 * fsync() that, for a directory, first checks whether someone holds the
 * write mutex of the watched session: an OFD lock on byte 0 of its lock
 * file, which a second open file description cannot take while it is held.
 */
static int mutex_probe_fsync(int fd)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
	struct stat sb;
	int probe;

	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		probe_dir_syncs++;
		probe = open(probe_lock_path, O_RDWR | O_CLOEXEC);
		if (probe >= 0 && fcntl(probe, F_OFD_SETLK, &fl) == 0) {
			probe_dir_syncs_unguarded++; /* we got it: nobody held the mutex */
		}
		if (probe >= 0) {
			close(probe);
		}
	}
	return tsr__files_sys_default.fsync(fd);
}

/*
 * A write that replaces a record fsyncs the shard directory before it
 * leaves the write mutex: until the exchange of record and spare is
 * durable, the spare is what a crash would bring back as the record, so
 * no other writer (a NONE writer holds no session lock) may refill it yet.
 */
static void test_shard_synced_before_the_mutex_is_left(void **state)
{
	const char *root = *state;
	tsr_store *st;
	tsr_error e;
	tsr_key k = tsr_test_key_of("sync-under-mutex");

	snprintf(probe_lock_path, sizeof(probe_lock_path), "%s/%.2s/%.2s/%s.lock", root, k.hex,
	         k.hex + 2, k.hex);
	assert_int_equal(open_with(root, "?sync=full", &st, &e), TSR_OK);
	counted_put(st, &k, "first", NULL);
	counted_put(st, &k, "second", NULL); /* the spare exists from here on */
	tsr__files_sys.fsync = mutex_probe_fsync;
	probe_dir_syncs = 0;
	probe_dir_syncs_unguarded = 0;
	counted_put(st, &k, "third", NULL);
	tsr__files_sys.fsync = counting_fsync;
	assert_int_equal(probe_dir_syncs, 1);
	assert_int_equal(probe_dir_syncs_unguarded, 0);
	assert_payload(st, &k, "third");
	tsr_store_close(st);
}

static void test_sync_full_flushes_every_change(void **state)
{
	tsr_store *st;
	tsr_error e;
	tsr_key k = tsr_test_key_of("sync-full");

	assert_int_equal(open_with(*state, "?sync=full", &st, &e), TSR_OK);
	counted_put(st, &k, "first", NULL); /* creates the shard directories */
	assert_int_equal(counted_put(st, &k, "second", NULL), 2);
	assert_payload(st, &k, "second");
	assert_int_equal(counted_put_flags(st, &k, "forward", NULL, TSR_WRITE_ENDS_ID), 2);
	assert_int_equal(counted_destroy(st, &k), 1);
	tsr_store_close(st);
}

static void test_sync_off_never_fsyncs(void **state)
{
	tsr_store *st;
	tsr_error e;
	tsr_key k = tsr_test_key_of("sync-off");

	assert_int_equal(open_with(*state, "?sync=off", &st, &e), TSR_OK);
	counted_put(st, &k, "first", "alice"); /* creates the shard and alice's index directories */
	assert_int_equal(counted_put(st, &k, "second", "alice"), 0);
	assert_payload(st, &k, "second");
	counted_put(st, &k, "third", "bob"); /* creates bob's index directories */
	counted_put(st, &k, "fourth", "alice");
	assert_int_equal(counted_put(st, &k, "fifth", "bob"), 0); /* a new marker: still no fsync */
	assert_payload(st, &k, "fifth");
	assert_int_equal(counted_put_flags(st, &k, "forward", "bob", TSR_WRITE_ENDS_ID), 0);
	assert_int_equal(counted_destroy(st, &k), 0);
	tsr_store_close(st);
}

/*
 * The fsyncs of a new session in a new store at 'root'/'name' opened with
 * the sync option 'query', from its first acquire (which creates its two
 * shard levels) to the release after its first write.
 */
static int counted_first_write(const char *root, const char *name, const char *query)
{
	struct tsr_store_write w = {(const uint8_t *) "first", 5, FAR_FUTURE, NULL,
	                            TSR_WRITE_CREATE | TSR_RELEASE};
	tsr_store *st;
	tsr_error e;
	tsr_key k = tsr_test_key_of("new-shard");
	tsr_bytes old;
	tsr_lock *lk;
	int64_t exp;
	char dir[1024];
	int calls;

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(open_with(dir, query, &st, &e), TSR_OK);
	fsync_calls = 0;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lk, &old, &exp), TSR_ENOTFOUND);
	assert_int_equal(tsr_store_write(st, lk, &w), TSR_OK);
	tsr_store_release(st, lk);
	calls = fsync_calls;
	tsr_store_close(st);
	return calls;
}

/*
 * New shard directories are flushed with sync=full only: with sync=ends or
 * off nothing under a new shard is flushed, so neither is its entry (which
 * cost every new session a journal commit).
 */
static void test_new_shard_flushed_only_with_sync_full(void **state)
{
	assert_int_equal(counted_first_write(*state, "ends", ""), 0);
	assert_int_equal(counted_first_write(*state, "off", "?sync=off"), 0);
	/* the two new levels, then the temp file and the shard directory of the write */
	assert_int_equal(counted_first_write(*state, "full", "?sync=full"), 4);
}

static void test_bad_sync_value_refused(void **state)
{
	tsr_store *st = NULL;
	tsr_error e;

	assert_int_equal(open_with(*state, "?sync=sometimes", &st, &e), TSR_EBADDSN);
	assert_null(st);
	assert_string_equal(e.errstr, "files store: option 'sync' must be 'full', 'ends' or 'off'");
}

static void test_unknown_option_refused(void **state)
{
	tsr_store *st = NULL;
	tsr_error e;

	assert_int_equal(open_with(*state, "?sync=off&fsync=1", &st, &e), TSR_EBADDSN);
	assert_null(st);
	assert_string_equal(e.errstr, "files store: unknown option 'fsync'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_default_syncs_only_what_ends_an_id, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sync_ends_spelled_out, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sync_full_flushes_every_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_new_shard_flushed_only_with_sync_full, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_shard_synced_before_the_mutex_is_left, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_sync_off_never_fsyncs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_sync_value_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_option_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
