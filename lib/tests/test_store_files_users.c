/*
 * Unit tests for the files store's per-user index (lib/src/store_files.c):
 * where markers live, that they follow binds, rebinds, unbinds, destroy
 * and gc, that listing a user reads the index (not the store) and skips
 * and removes stale markers, that unsafe index entries are refused, and
 * that a failure to record the marker leaves the old record in place.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
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

/* A store on a fresh directory, no lock wait, 1 s lock lifetime (see store_fixture.h). */
static int setup(void **state)
{
	return tsr_test_store_setup(state, 0, 1000);
}

/* The index directory of 'user' into 'buf'. */
static const char *user_dir(const tsr_test_fixture *f, const char *user, char *buf, size_t size)
{
	tsr_key h = tsr_test_key_of(user);

	snprintf(buf, size, "%s/users/%.2s/%s", f->root, h.hex, h.hex);
	return buf;
}

/* Creates the index directory of 'user' (and its parents) as the store would. */
static void make_user_dir(const tsr_test_fixture *f, const char *user)
{
	tsr_key h = tsr_test_key_of(user);
	char path[512];

	snprintf(path, sizeof(path), "%s/users", f->root);
	assert_true(mkdir(path, 0700) == 0 || errno == EEXIST);
	snprintf(path, sizeof(path), "%s/users/%.2s", f->root, h.hex);
	assert_true(mkdir(path, 0700) == 0 || errno == EEXIST);
	assert_true(mkdir(user_dir(f, user, path, sizeof(path)), 0700) == 0 || errno == EEXIST);
}

/* The marker of session 'k' under 'user' into 'buf'. */
static const char *marker(const tsr_test_fixture *f, const char *user, const tsr_key *k, char *buf,
                          size_t size)
{
	char dir[512];

	snprintf(buf, size, "%s/%s", user_dir(f, user, dir, sizeof(dir)), k->hex);
	return buf;
}

/* The record file of 'k' into 'buf'. */
static const char *rec_path(const tsr_test_fixture *f, const tsr_key *k, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%.2s/%.2s/%s.rec", f->root, k->hex, k->hex + 2, k->hex);
	return buf;
}

/* Writes a record of 'k' naming 'user' with deadline 'exp'; returns the store's code. */
static int try_put(tsr_test_fixture *f, const tsr_key *k, const char *user, int64_t exp)
{
	struct tsr_store_write w;
	tsr_bytes enc, old;
	tsr_lock *lk;
	int64_t old_exp;
	int rc;

	tsr_test_encode_record(k, user, &enc);
	w = (struct tsr_store_write){enc.data, enc.len, exp, user, TSR_WRITE_CREATE | TSR_RELEASE};
	rc = tsr_store_acquire(f->st, k, TSR_LOCK_EXCLUSIVE, &lk, &old, &old_exp);
	assert_true(rc == TSR_OK || rc == TSR_ENOTFOUND);
	tsr_bytes_free(&old);
	rc = tsr_store_write(f->st, lk, &w);
	tsr_store_release(f->st, lk);
	tsr_bytes_free(&enc);
	return rc;
}

static void put(tsr_test_fixture *f, const tsr_key *k, const char *user, int64_t exp)
{
	assert_int_equal(try_put(f, k, user, exp), TSR_OK);
}

static void destroy(tsr_test_fixture *f, const tsr_key *k)
{
	tsr_bytes old;
	tsr_lock *lk;
	int64_t exp;
	int rc;

	rc = tsr_store_acquire(f->st, k, TSR_LOCK_EXCLUSIVE, &lk, &old, &exp);
	assert_true(rc == TSR_OK || rc == TSR_ENOTFOUND);
	tsr_bytes_free(&old);
	assert_int_equal(tsr_store_destroy(f->st, lk, TSR_RELEASE), TSR_OK);
	tsr_store_release(f->st, lk);
}

/* True when 'k' is among the keys 's' kept. */
static bool listed(const tsr_test_seen *s, const tsr_key *k)
{
	return tsr_test_seen_find(s, k) >= 0;
}

static void test_marker_created_where_documented(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1");
	char path[512];
	struct stat sb;

	put(f, &k, "alice", FAR_FUTURE);
	assert_int_equal(lstat(marker(f, "alice", &k, path, sizeof(path)), &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_size, 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_uid, geteuid());
	/* The raw user id appears in no file name. */
	assert_int_equal(tsr_test_count_named(f->root, "alice"), 0);
}

static void test_no_user_no_index(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1");
	char path[512];

	put(f, &k, NULL, FAR_FUTURE);
	snprintf(path, sizeof(path), "%s/users", f->root);
	assert_false(tsr_test_exists(path));
}

static void test_rebind_moves_marker_unbind_removes_it(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1");
	char path[512];
	tsr_test_seen s;

	put(f, &k, "alice", FAR_FUTURE);
	put(f, &k, "bob", FAR_FUTURE);
	assert_false(tsr_test_exists(marker(f, "alice", &k, path, sizeof(path))));
	assert_true(tsr_test_exists(marker(f, "bob", &k, path, sizeof(path))));
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 0);
	assert_int_equal(tsr_test_list(f->st, "bob", &s), 1);
	put(f, &k, NULL, FAR_FUTURE);
	assert_false(tsr_test_exists(marker(f, "bob", &k, path, sizeof(path))));
	assert_int_equal(tsr_test_list(f->st, "bob", &s), 0);
}

static void test_destroy_removes_marker(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1"), other = tsr_test_key_of("s2");
	char path[512];
	tsr_test_seen s;

	put(f, &k, "alice", FAR_FUTURE);
	put(f, &other, "alice", FAR_FUTURE);
	destroy(f, &k);
	assert_false(tsr_test_exists(marker(f, "alice", &k, path, sizeof(path))));
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 1);
	assert_true(listed(&s, &other));
}

static void test_listing_reads_the_index_not_the_store(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key indexed = tsr_test_key_of("s1"), hidden = tsr_test_key_of("s2");
	char path[512];
	tsr_bytes enc;
	tsr_test_seen s;

	put(f, &indexed, "alice", FAR_FUTURE);
	put(f, &hidden, NULL, FAR_FUTURE);
	/* Rewrite the second record behind the store's back: it names alice but has no marker. */
	tsr_test_encode_record(&hidden, "alice", &enc);
	tsr_test_write_file(rec_path(f, &hidden, path, sizeof(path)), enc.data, enc.len);
	tsr_bytes_free(&enc);
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 1);
	assert_true(listed(&s, &indexed));
	/* The full listing still sees both, and does not descend into the index. */
	assert_int_equal(tsr_test_list(f->st, NULL, &s), 2);
}

static void test_stale_marker_without_record_skipped_and_removed(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key live = tsr_test_key_of("s1"), gone = tsr_test_key_of("s2");
	char path[512];
	tsr_test_seen s;

	put(f, &live, "alice", FAR_FUTURE);
	tsr_test_write_file(marker(f, "alice", &gone, path, sizeof(path)), "", 0);
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 1);
	assert_true(listed(&s, &live));
	assert_false(tsr_test_exists(path));
	/* Cleaning left no lock file behind for the absent session. */
	assert_int_equal(tsr_test_count_named(f->root, gone.hex), 0);
}

static void test_stale_marker_of_other_user_skipped_and_removed(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1");
	char path[512];
	tsr_test_seen s;

	put(f, &k, "bob", FAR_FUTURE);
	make_user_dir(f, "alice");
	tsr_test_write_file(marker(f, "alice", &k, path, sizeof(path)), "", 0);
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 0);
	assert_false(tsr_test_exists(path));
	assert_int_equal(tsr_test_list(f->st, "bob", &s), 1);
	assert_true(tsr_test_exists(marker(f, "bob", &k, path, sizeof(path))));
}

static void test_valid_marker_kept_by_listing(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1");
	char path[512];
	tsr_test_seen s;

	put(f, &k, "alice", FAR_FUTURE);
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 1);
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 1);
	assert_true(tsr_test_exists(marker(f, "alice", &k, path, sizeof(path))));
}

static void test_gc_removes_markers_and_empty_user_dirs(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key expired = tsr_test_key_of("s1"), live = tsr_test_key_of("s2"),
	        ghost = tsr_test_key_of("s3");
	char path[512], dir[512];
	uint64_t n = 0;
	tsr_test_seen s;

	put(f, &expired, "alice", 5000);
	put(f, &live, "bob", FAR_FUTURE);
	tsr_test_write_file(marker(f, "bob", &ghost, path, sizeof(path)), "", 0);
	assert_int_equal(tsr_store_gc(f->st, 10000, &n), TSR_OK);
	assert_int_equal(n, 1);
	assert_false(tsr_test_exists(user_dir(f, "alice", dir, sizeof(dir))));
	assert_false(tsr_test_exists(marker(f, "bob", &ghost, path, sizeof(path))));
	assert_true(tsr_test_exists(marker(f, "bob", &live, path, sizeof(path))));
	assert_int_equal(tsr_test_list(f->st, "bob", &s), 1);
	/* A user whose directory gc removed can be indexed again. */
	put(f, &expired, "alice", FAR_FUTURE);
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 1);
}

static void test_symlinked_marker_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1"), other = tsr_test_key_of("s2");
	char path[512], target[512];
	tsr_bytes bytes;
	tsr_lock *lk;
	int64_t exp;

	put(f, &other, "alice", FAR_FUTURE); /* creates alice's directory */
	put(f, &k, NULL, FAR_FUTURE);
	snprintf(target, sizeof(target), "%s/elsewhere", f->root);
	assert_int_equal(symlink(target, marker(f, "alice", &k, path, sizeof(path))), 0);
	assert_int_equal(try_put(f, &k, "alice", FAR_FUTURE), TSR_EUNSAFE);
	assert_false(tsr_test_exists(target));
	/* The old record (no user) is still in place. */
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_READ_ONLY, &lk, &bytes, &exp), TSR_OK);
	tsr_store_release(f->st, lk);
	{
		tsr_record rec;

		tsr_record_init(&rec);
		assert_int_equal(tsr_record_decode(bytes.data, bytes.len, &rec, NULL), TSR_OK);
		assert_int_equal(rec.user_id.len, 0);
		tsr_record_clear(&rec);
	}
	tsr_bytes_free(&bytes);
}

static void test_symlinked_users_dir_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1");
	char path[512], target[512];

	snprintf(target, sizeof(target), "%s.elsewhere", f->root);
	assert_int_equal(mkdir(target, 0700), 0);
	snprintf(path, sizeof(path), "%s/users", f->root);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(try_put(f, &k, "alice", FAR_FUTURE), TSR_EUNSAFE);
	assert_int_equal(tsr_test_count_entries(target), 0);
	assert_int_equal(rmdir(target), 0);
}

/* The key hex whose marker creation fails (EIO), set by the test. */
static char fail_marker_name[TSR_KEY_HEX_LEN + 1];

static int openat_failing_marker(int dirfd, const char *path, int flags, mode_t mode)
{
	if (strcmp(path, fail_marker_name) == 0) {
		errno = EIO;
		return -1;
	}
	return tsr__files_sys_default.openat(dirfd, path, flags, mode);
}

static void test_marker_failure_keeps_old_record(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1");
	tsr_bytes bytes;
	tsr_record rec;
	tsr_lock *lk;
	int64_t exp;
	tsr_test_seen s;

	put(f, &k, "alice", 11111);
	memcpy(fail_marker_name, k.hex, sizeof(fail_marker_name));
	tsr__files_sys.openat = openat_failing_marker;
	assert_int_equal(try_put(f, &k, "bob", 22222), TSR_EIO);
	tsr__files_sys = tsr__files_sys_default;
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_READ_ONLY, &lk, &bytes, &exp), TSR_OK);
	tsr_store_release(f->st, lk);
	assert_int_equal(exp, 11111);
	tsr_record_init(&rec);
	assert_int_equal(tsr_record_decode(bytes.data, bytes.len, &rec, NULL), TSR_OK);
	assert_memory_equal(rec.user_id.data, "alice", 5);
	tsr_record_clear(&rec);
	tsr_bytes_free(&bytes);
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 1);
	assert_int_equal(tsr_test_list(f->st, "bob", &s), 0);
	/* No temp file was left behind. */
	assert_int_equal(tsr_test_count_named(f->root, ".tmp."), 0);
}

static int fsync_calls;

static int counting_fsync(int fd)
{
	fsync_calls++;
	return tsr__files_sys_default.fsync(fd);
}

static void test_new_marker_is_synced(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("s1");
	int plain, with_new_marker;

	put(f, &k, "alice", FAR_FUTURE);
	tsr__files_sys.fsync = counting_fsync;
	fsync_calls = 0;
	put(f, &k, "alice", FAR_FUTURE); /* same user: the marker exists */
	plain = fsync_calls;
	fsync_calls = 0;
	put(f, &k, "bob", FAR_FUTURE); /* bob's directories exist after this... */
	put(f, &k, "alice", FAR_FUTURE);
	fsync_calls = 0;
	put(f, &k, "bob", FAR_FUTURE); /* ...so this adds exactly the marker's directory sync */
	with_new_marker = fsync_calls;
	tsr__files_sys = tsr__files_sys_default;
	assert_int_equal(with_new_marker, plain + 1);
}

static void test_list_unknown_or_odd_user(void **state)
{
	tsr_test_fixture *f = *state;
	char big[TSR_RECORD_MAX_USER_ID + 2];
	tsr_test_seen s;

	assert_int_equal(tsr_test_list(f->st, "nobody", &s), 0);
	assert_int_equal(tsr_test_list(f->st, "", &s), 0);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(tsr_test_list(f->st, big, &s), 0);
}

static void test_many_sessions_one_user(void **state)
{
	tsr_test_fixture *f = *state;
	char name[32];
	tsr_test_seen s;

	for (int i = 0; i < 20; i++) {
		tsr_key k;

		snprintf(name, sizeof(name), "sess-%d", i);
		k = tsr_test_key_of(name);
		put(f, &k, i % 2 == 0 ? "alice" : "bob", FAR_FUTURE);
	}
	assert_int_equal(tsr_test_list(f->st, "alice", &s), 10);
	assert_int_equal(tsr_test_list(f->st, "bob", &s), 10);
	assert_int_equal(tsr_test_list(f->st, NULL, &s), 20);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, tsr_test_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_marker_created_where_documented),
	    T(test_no_user_no_index),
	    T(test_rebind_moves_marker_unbind_removes_it),
	    T(test_destroy_removes_marker),
	    T(test_listing_reads_the_index_not_the_store),
	    T(test_stale_marker_without_record_skipped_and_removed),
	    T(test_stale_marker_of_other_user_skipped_and_removed),
	    T(test_valid_marker_kept_by_listing),
	    T(test_gc_removes_markers_and_empty_user_dirs),
	    T(test_symlinked_marker_refused),
	    T(test_symlinked_users_dir_refused),
	    T(test_marker_failure_keeps_old_record),
	    T(test_new_marker_is_synced),
	    T(test_list_unknown_or_odd_user),
	    T(test_many_sessions_one_user),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
