/*
 * Unit tests for how the files store replaces an existing record
 * (lib/src/store_files.c, files_spare_swap): by refilling the session's
 * spare file and exchanging its name with the record's, so rewrites cycle
 * between two inodes, and a refill cuts the spare only when the old bytes
 * were longer; a reader keeps the version it opened and never sees
 * a file being refilled by a writer in another process; the
 * spare goes with destroy and gc; a file system without RENAME_EXCHANGE
 * falls back to a plain rename; a failed exchange or a planted symbolic
 * link leaves the old record whole.
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

#include "files_internal.h"
#include "store_files_sys.h"
#include "store_fixture.h"
#include "support.h"
#include "tessera/store.h"

/* Far in the future (ms, year 2096): never expired by a real clock. */
#define FAR_FUTURE INT64_C(4000000000000)

static int setup(void **state)
{
	return tsr_test_store_setup(state, 5000, 1000);
}

/* The path of session 'k's file with 'suffix' (".rec", ".spare", ...) into 'buf'. */
static const char *file_of(const tsr_test_fixture *f, const tsr_key *k, const char *suffix,
                           char *buf, size_t size)
{
	snprintf(buf, size, "%s/%.2s/%.2s/%s%s", f->root, k->hex, k->hex + 2, k->hex, suffix);
	return buf;
}

/* The inode number of 'path' (which must exist). */
static ino_t inode_of(const char *path)
{
	struct stat sb;

	assert_int_equal(lstat(path, &sb), 0);
	return sb.st_ino;
}

/* The size in bytes of 'path' (which must exist). */
static off_t size_of(const char *path)
{
	struct stat sb;

	assert_int_equal(lstat(path, &sb), 0);
	return sb.st_size;
}

/* Writes the 'len' bytes at 'data' as session 'k's record under its exclusive lock; returns the
 * code. */
static int try_put(tsr_store *st, const tsr_key *k, const void *data, size_t len)
{
	struct tsr_store_write w = {data, len, FAR_FUTURE, NULL, TSR_WRITE_CREATE | TSR_RELEASE};
	tsr_bytes old;
	tsr_lock *lk;
	int64_t exp;
	int rc;

	rc = tsr_store_acquire(st, k, TSR_LOCK_EXCLUSIVE, &lk, &old, &exp);
	assert_true(rc == TSR_OK || rc == TSR_ENOTFOUND);
	tsr_bytes_free(&old);
	rc = tsr_store_write(st, lk, &w);
	tsr_store_release(st, lk);
	return rc;
}

static void put(tsr_store *st, const tsr_key *k, const char *text)
{
	assert_int_equal(try_put(st, k, text, strlen(text)), TSR_OK);
}

/* Reads session 'k' without a lock and checks that its bytes are 'want'. */
static void assert_stored(tsr_store *st, const tsr_key *k, const char *want)
{
	tsr_bytes got;
	tsr_lock *lk;
	int64_t exp;

	assert_int_equal(tsr_store_acquire(st, k, TSR_LOCK_READ_ONLY, &lk, &got, &exp), TSR_OK);
	tsr_store_release(st, lk);
	assert_int_equal(got.len, strlen(want));
	assert_memory_equal(got.data, want, got.len);
	tsr_bytes_free(&got);
}

/* The bytes of the file at 'path' as a NUL-terminated string (the caller frees it). */
static char *contents(const char *path)
{
	size_t len;
	char *data = tsr_test_read_file(path, &len);
	char *s = malloc(len + 1);

	assert_non_null(s);
	memcpy(s, data, len);
	s[len] = '\0';
	free(data);
	return s;
}

static void test_rewrites_cycle_between_two_inodes(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("cycle");
	char rec[512], spare[512];
	ino_t first, second;
	char *old;

	put(f->st, &k, "v1"); /* a new record: from a temp file */
	first = inode_of(file_of(f, &k, ".rec", rec, sizeof(rec)));
	put(f->st, &k, "v2"); /* the spare is made, filled and swapped in */
	second = inode_of(rec);
	assert_true(second != first);
	assert_int_equal(inode_of(file_of(f, &k, ".spare", spare, sizeof(spare))), first);
	put(f->st, &k, "v3"); /* the first inode, refilled */
	assert_int_equal(inode_of(rec), first);
	assert_int_equal(inode_of(spare), second);
	assert_stored(f->st, &k, "v3");
	old = contents(spare);
	assert_string_equal(old, "v2");
	free(old);
	assert_int_equal(tsr_test_count_named(f->root, ".tmp."), 0);
}

static int ftruncate_calls;

static int ftruncate_counted(int fd, off_t len)
{
	ftruncate_calls++;
	return ftruncate(fd, len);
}

static void test_refill_cuts_only_a_longer_spare(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("refill-sizes");
	char spare[512];

	put(f->st, &k, "a long first value"); /* a new record, from a temp file */
	put(f->st, &k, "v2");                 /* into a new, empty spare */
	tsr__files_sys.ftruncate = ftruncate_counted;
	ftruncate_calls = 0;
	put(f->st, &k, "v3"); /* the spare holds the 18 bytes of the first value */
	assert_int_equal(ftruncate_calls, 1);
	assert_stored(f->st, &k, "v3");
	ftruncate_calls = 0;
	put(f->st, &k, "v4"); /* the spare holds "v2": nothing to cut */
	assert_int_equal(ftruncate_calls, 0);
	put(f->st, &k, "v5-grows"); /* "v3" is shorter: the write extends it */
	assert_int_equal(ftruncate_calls, 0);
	tsr__files_sys = tsr__files_sys_default;
	assert_stored(f->st, &k, "v5-grows");
	assert_int_equal(size_of(file_of(f, &k, ".spare", spare, sizeof(spare))), 2);
}

static void test_reader_keeps_the_version_it_opened(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("reader");
	struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	char rec[512], buf[16] = {0};
	int fd;

	put(f->st, &k, "version-1");
	put(f->st, &k, "version-2"); /* now there is a spare */
	/* What a reader holds while it reads: the record, under a shared OFD lock. */
	fd = open(file_of(f, &k, ".rec", rec, sizeof(rec)), O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fcntl(fd, F_OFD_SETLK, &fl), 0);
	put(f->st, &k, "version-3"); /* the reader's file becomes the spare */
	put(f->st, &k, "version-4"); /* the spare is held: written through a temp file instead */
	put(f->st, &k, "version-5");
	assert_int_equal(pread(fd, buf, sizeof(buf) - 1, 0), 9);
	assert_string_equal(buf, "version-2");
	close(fd);
	assert_stored(f->st, &k, "version-5");
	assert_int_equal(tsr_test_count_named(f->root, ".tmp."), 0);
}

/* The pipes between the reading test and the writing child of test_read_holds_its_file. */
static int to_writer[2], from_writer[2];
static bool hook_fired;

/* Child: on the reader's word, writes "version-3" and "version-4", then says so. */
static int interleaved_writer(void *arg)
{
	tsr_test_fixture *f = arg;
	tsr_key k = tsr_test_key_of("interleaved");
	tsr_store_config cfg = {5000, 1000};
	tsr_store *st;
	tsr_error e;

	tsr__files_sys = tsr__files_sys_default;
	if (tsr_store_open(f->root, &cfg, &st, &e) != TSR_OK) {
		return 1;
	}
	if (tsr_test_recv(to_writer[0]) != 'w') {
		return 2;
	}
	if (try_put(st, &k, "version-3", 9) != TSR_OK || try_put(st, &k, "version-4", 9) != TSR_OK) {
		return 3;
	}
	tsr_store_close(st);
	tsr_test_send(from_writer[1], 'd');
	return 0;
}

/* read() of the reader: the first time, lets the child write twice before reading. */
static ssize_t read_after_two_writes(int fd, void *buf, size_t len)
{
	if (!hook_fired) {
		hook_fired = true;
		tsr_test_send(to_writer[1], 'w');
		assert_int_equal(tsr_test_recv(from_writer[0]), 'd');
	}
	return tsr__files_sys_default.read(fd, buf, len);
}

static void test_read_holds_its_file_against_writers(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("interleaved");
	tsr_bytes got;
	tsr_lock *lk;
	int64_t exp;
	pid_t pid;

	put(f->st, &k, "version-1");
	put(f->st, &k, "version-2"); /* there is a spare now */
	tsr_test_pipe(to_writer);
	tsr_test_pipe(from_writer);
	pid = tsr_test_fork(interleaved_writer, f);
	/*
	 * The read opens the record (version-2); between its open and its read
	 * the child swaps that file out (version-3) and writes again
	 * (version-4), which would refill the very file being read were it not
	 * held.
	 */
	hook_fired = false;
	tsr__files_sys.read = read_after_two_writes;
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_READ_ONLY, &lk, &got, &exp), TSR_OK);
	tsr__files_sys = tsr__files_sys_default;
	tsr_store_release(f->st, lk);
	assert_true(hook_fired);
	assert_int_equal(tsr_test_wait(pid), 0);
	assert_int_equal(got.len, 9);
	assert_memory_equal(got.data, "version-2", 9);
	tsr_bytes_free(&got);
	assert_stored(f->st, &k, "version-4");
}

/* fcntl() of the reader: its first FILES_READ_SPINS shared locks fail as if a writer held them. */
static int refused_reads, mutex_waits;

static int fcntl_busy_for_a_while(int fd, int cmd, struct flock *fl)
{
	if (cmd == F_OFD_SETLK && fl->l_type == F_RDLCK && refused_reads < FILES_READ_SPINS) {
		refused_reads++;
		errno = EAGAIN;
		return -1;
	}
	if (cmd == F_OFD_SETLKW) {
		mutex_waits++;
	}
	return tsr__files_sys_default.fcntl_lock(fd, cmd, fl);
}

static void test_reader_falls_back_to_the_write_mutex(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("busy");

	put(f->st, &k, "v1");
	put(f->st, &k, "v2");
	refused_reads = 0;
	mutex_waits = 0;
	tsr__files_sys.fcntl_lock = fcntl_busy_for_a_while;
	assert_stored(f->st, &k, "v2");
	tsr__files_sys = tsr__files_sys_default;
	assert_int_equal(refused_reads, FILES_READ_SPINS); /* every try without waiting was refused */
	assert_int_equal(mutex_waits, 1); /* then one under the write mutex, which read it */
}

static void test_destroy_removes_the_spare(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("destroy");
	char spare[512];
	tsr_bytes old;
	tsr_lock *lk;
	int64_t exp;

	put(f->st, &k, "v1");
	put(f->st, &k, "v2");
	assert_true(tsr_test_exists(file_of(f, &k, ".spare", spare, sizeof(spare))));
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &old, &exp), TSR_OK);
	tsr_bytes_free(&old);
	assert_int_equal(tsr_store_destroy(f->st, lk, TSR_RELEASE), TSR_OK);
	tsr_store_release(f->st, lk);
	assert_false(tsr_test_exists(spare));
	assert_int_equal(tsr_test_count_named(f->root, k.hex), 0);
}

static void test_gc_removes_the_spare_with_its_record(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("expired");
	struct tsr_store_write w = {(const uint8_t *) "v2", 2, 5000, NULL, TSR_RELEASE};
	char spare[512];
	uint64_t deleted = 0;
	tsr_bytes old;
	tsr_lock *lk;
	int64_t exp;

	put(f->st, &k, "v1");
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &old, &exp), TSR_OK);
	tsr_bytes_free(&old);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_OK); /* deadline 5 s after the epoch */
	tsr_store_release(f->st, lk);
	assert_true(tsr_test_exists(file_of(f, &k, ".spare", spare, sizeof(spare))));
	assert_int_equal(tsr_store_gc(f->st, 10000, &deleted), TSR_OK);
	assert_int_equal(deleted, 1);
	assert_int_equal(tsr_test_count_named(f->root, k.hex), 0);
}

static void test_gc_removes_an_old_spare_without_record(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("orphan");
	char path[512];
	uint64_t deleted = 0;

	put(f->st, &k, "v1");
	put(f->st, &k, "v2");
	/* A crash between destroy's two unlinks leaves a spare without its record. */
	assert_int_equal(unlink(file_of(f, &k, ".rec", path, sizeof(path))), 0);
	assert_int_equal(tsr_store_gc(f->st, FAR_FUTURE / 2, &deleted), TSR_OK);
	assert_int_equal(tsr_test_count_named(f->root, k.hex), 0);
}

static void test_gc_keeps_a_fresh_spare_without_record(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("fresh");
	char rec[512], spare[512];
	uint64_t deleted = 0;
	struct stat sb;

	put(f->st, &k, "v1");
	put(f->st, &k, "v2");
	assert_int_equal(unlink(file_of(f, &k, ".rec", rec, sizeof(rec))), 0);
	assert_int_equal(unlink(file_of(f, &k, ".lock", rec, sizeof(rec))), 0);
	assert_int_equal(lstat(file_of(f, &k, ".spare", spare, sizeof(spare)), &sb), 0);
	/* An hour has not passed since the spare last changed: it stays. */
	assert_int_equal(tsr_store_gc(f->st, (int64_t) sb.st_ctim.tv_sec * 1000 + 60000, &deleted),
	                 TSR_OK);
	assert_true(tsr_test_exists(spare));
}

static int renameat2_unsupported(int a, const char *b, int c, const char *d, unsigned flags)
{
	(void) a;
	(void) b;
	(void) c;
	(void) d;
	(void) flags;
	errno = EINVAL;
	return -1;
}

static void test_without_exchange_a_plain_rename_is_used(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("no-exchange");
	char spare[512];

	put(f->st, &k, "v1");
	tsr__files_sys.renameat2 = renameat2_unsupported;
	put(f->st, &k, "v2");
	put(f->st, &k, "v3");
	assert_stored(f->st, &k, "v3");
	assert_false(tsr_test_exists(file_of(f, &k, ".spare", spare, sizeof(spare))));
	assert_int_equal(tsr_test_count_named(f->root, ".tmp."), 0);
}

static int renameat2_fails(int a, const char *b, int c, const char *d, unsigned flags)
{
	(void) a;
	(void) b;
	(void) c;
	(void) d;
	(void) flags;
	errno = EIO;
	return -1;
}

static void test_failed_exchange_keeps_the_old_record(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("exchange-fails");

	struct tsr_store_write w = {(const uint8_t *) "new", 3, FAR_FUTURE, NULL, TSR_RELEASE};
	tsr_bytes old;
	tsr_lock *lk;
	int64_t exp;

	put(f->st, &k, "old");
	tsr__files_sys.renameat2 = renameat2_fails;
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &old, &exp), TSR_OK);
	tsr_bytes_free(&old);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_EIO);
	assert_non_null(strstr(tsr_store_error(f->st)->errstr, "rename temp file over record"));
	tsr_store_release(f->st, lk);
	tsr__files_sys = tsr__files_sys_default;
	assert_stored(f->st, &k, "old");
}

static void test_symlinked_spare_is_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("planted");
	char spare[512], victim[512];
	char *left;

	put(f->st, &k, "old");
	snprintf(victim, sizeof(victim), "%s/victim", f->root);
	tsr_test_write_file(victim, "untouched", 9);
	assert_int_equal(symlink(victim, file_of(f, &k, ".spare", spare, sizeof(spare))), 0);
	assert_int_equal(try_put(f->st, &k, "new", 3), TSR_EUNSAFE);
	left = contents(victim);
	assert_string_equal(left, "untouched");
	free(left);
	assert_stored(f->st, &k, "old");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rewrites_cycle_between_two_inodes, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_refill_cuts_only_a_longer_spare, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_reader_keeps_the_version_it_opened, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_read_holds_its_file_against_writers, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_reader_falls_back_to_the_write_mutex, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_destroy_removes_the_spare, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_gc_removes_the_spare_with_its_record, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_gc_removes_an_old_spare_without_record, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_gc_keeps_a_fresh_spare_without_record, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_without_exchange_a_plain_rename_is_used, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_failed_exchange_keeps_the_old_record, setup,
	                                    tsr_test_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_symlinked_spare_is_refused, setup,
	                                    tsr_test_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
