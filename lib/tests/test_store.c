/*
 * Unit tests for the store dispatcher (lib/src/store.c): DSN errors, the
 * stores reserved but not built, argument checks of every tsr_store_*
 * function, READ_ONLY and released locks refused, lock mode names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tessera/store.h"
#include <unistd.h>

#include "support.h"

typedef struct fixture {
	char *root;
	tsr_store *st;
	tsr_key key;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	tsr_error e;

	assert_non_null(f);
	f->root = tsr_test_mkdtemp();
	assert_int_equal(tsr_store_open(f->root, NULL, &f->st, &e), TSR_OK);
	assert_int_equal(tsr_key_from_sid("dispatcher", 10, &f->key, NULL), TSR_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	tsr_store_close(f->st);
	tsr_test_rmtree(f->root);
	free(f->root);
	free(f);
	return 0;
}

/* Stores "old" for f->key through an EXCLUSIVE lock. */
static void store_old(fixture *f)
{
	struct tsr_store_write w = {(const uint8_t *) "old", 3, 5000, NULL,
	                            TSR_RELEASE | TSR_WRITE_CREATE};
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;

	assert_int_equal(tsr_store_acquire(f->st, &f->key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_OK);
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);
}

/* Reads f->key's record as a NUL-terminated string (caller frees). */
static char *read_back(fixture *f)
{
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	char *s;

	assert_int_equal(tsr_store_acquire(f->st, &f->key, TSR_LOCK_READ_ONLY, &lk, &rec, &exp),
	                 TSR_OK);
	s = calloc(1, rec.len + 1);
	assert_non_null(s);
	memcpy(s, rec.data, rec.len);
	tsr_bytes_free(&rec);
	tsr_store_release(f->st, lk);
	return s;
}

static void test_open_null_arguments(void **state)
{
	tsr_store *st = (tsr_store *) 0x1;
	tsr_error e;
	(void) state;

	assert_int_equal(tsr_store_open(NULL, NULL, &st, &e), TSR_EINVAL);
	assert_null(st);
	assert_int_equal(e.err, TSR_EINVAL);
	assert_int_equal(tsr_store_open("/tmp", NULL, NULL, &e), TSR_EINVAL);
}

static void test_open_bad_dsn(void **state)
{
	tsr_store *st = (tsr_store *) 0x1;
	tsr_error e;
	(void) state;

	assert_int_equal(tsr_store_open("relative/dir", NULL, &st, &e), TSR_EBADDSN);
	assert_null(st);
	assert_int_equal(e.err, TSR_EBADDSN);
	assert_true(e.errstr[0] != '\0');
	assert_int_equal(tsr_store_open("", NULL, &st, &e), TSR_EBADDSN);
	assert_int_equal(tsr_store_open("gopher://x/", NULL, &st, &e), TSR_EBADDSN);
}

static void test_open_negative_limits(void **state)
{
	tsr_store_config cfg = {-1, 1000};
	tsr_store *st = NULL;
	tsr_error e;
	(void) state;

	assert_int_equal(tsr_store_open("/tmp", &cfg, &st, &e), TSR_EINVAL);
	assert_null(st);
	cfg.lock_wait_ms = 0;
	cfg.lock_ttl_ms = -5;
	assert_int_equal(tsr_store_open("/tmp", &cfg, &st, &e), TSR_EINVAL);
	assert_null(st);
}

/* Each reserved scheme gets TSR_ENOSTORE naming it. */
static void test_reserved_schemes(void **state)
{
	static const struct {
		const char *dsn;
		const char *name;
	} cases[] = {
	    {"sqlite:///var/lib/tessera/s.db", "sqlite"},
	    {"mysql://u:p@db.example:3306/app", "mysql"},
	    {"pgsql://u:p@db.example:5432/app", "pgsql"},
	};
	char want[TSR_ERRSTR_SIZE];
	size_t i;
	(void) state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tsr_store *st = (tsr_store *) 0x1;
		tsr_error e;

		assert_int_equal(tsr_store_open(cases[i].dsn, NULL, &st, &e), TSR_ENOSTORE);
		assert_null(st);
		snprintf(want, sizeof(want), "store '%s' not available in this build", cases[i].name);
		assert_string_equal(e.errstr, want);
	}
}

static void test_open_files_both_spellings(void **state)
{
	fixture *f = *state;
	tsr_store *st = NULL;
	char dsn[4200];
	tsr_error e;

	assert_string_equal(tsr_store_name(f->st), "files");
	snprintf(dsn, sizeof(dsn), "files://%s", f->root);
	assert_int_equal(tsr_store_open(dsn, NULL, &st, &e), TSR_OK);
	assert_string_equal(tsr_store_name(st), "files");
	assert_int_equal(st->config.lock_wait_ms, TSR_STORE_DEFAULT_LOCK_WAIT_MS);
	assert_int_equal(st->config.lock_ttl_ms, TSR_STORE_DEFAULT_LOCK_TTL_MS);
	tsr_store_close(st);
}

static void test_config_is_kept(void **state)
{
	fixture *f = *state;
	tsr_store_config cfg = {250, 9000};
	tsr_store *st = NULL;

	assert_int_equal(tsr_store_open(f->root, &cfg, &st, NULL), TSR_OK);
	assert_int_equal(st->config.lock_wait_ms, 250);
	assert_int_equal(st->config.lock_ttl_ms, 9000);
	tsr_store_close(st);
}

static void test_null_store_everywhere(void **state)
{
	fixture *f = *state;
	struct tsr_store_write w = {NULL, 0, 0, NULL, 0};
	tsr_lock *lk = (tsr_lock *) 0x1;
	tsr_bytes rec = {(uint8_t *) 0x1, 7};
	int64_t exp = 42;
	uint64_t n = 9;

	assert_int_equal(tsr_store_acquire(NULL, &f->key, TSR_LOCK_NONE, &lk, &rec, &exp), TSR_EINVAL);
	assert_null(lk);
	assert_null(rec.data);
	assert_int_equal(rec.len, 0);
	assert_int_equal(exp, 0);
	assert_int_equal(tsr_store_write(NULL, NULL, &w), TSR_EINVAL);
	assert_int_equal(tsr_store_touch(NULL, NULL, 1, 0), TSR_EINVAL);
	assert_int_equal(tsr_store_destroy(NULL, NULL, 0), TSR_EINVAL);
	assert_int_equal(tsr_store_gc(NULL, 1, &n), TSR_EINVAL);
	assert_int_equal(n, 0);
	assert_int_equal(tsr_store_list(NULL, NULL, NULL, NULL), TSR_EINVAL);
	assert_int_equal(tsr_store_release(NULL, NULL), TSR_OK);
	assert_null(tsr_store_error(NULL));
	assert_string_equal(tsr_store_name(NULL), "");
	tsr_store_close(NULL);
}

static void test_acquire_bad_arguments(void **state)
{
	fixture *f = *state;
	tsr_lock *lk;
	tsr_bytes rec;
	int64_t exp;

	assert_int_equal(tsr_store_acquire(f->st, NULL, TSR_LOCK_NONE, &lk, &rec, &exp), TSR_EINVAL);
	assert_int_equal(tsr_store_error(f->st)->err, TSR_EINVAL);
	assert_int_equal(tsr_store_acquire(f->st, &f->key, TSR_LOCK_NONE, NULL, &rec, &exp),
	                 TSR_EINVAL);
	assert_int_equal(tsr_store_acquire(f->st, &f->key, TSR_LOCK_NONE, &lk, NULL, &exp), TSR_EINVAL);
	assert_int_equal(tsr_store_acquire(f->st, &f->key, TSR_LOCK_NONE, &lk, &rec, NULL), TSR_EINVAL);
	assert_int_equal(tsr_store_acquire(f->st, &f->key, (tsr_lock_mode) 7, &lk, &rec, &exp),
	                 TSR_EINVAL);
	assert_null(lk);
	assert_int_equal(tsr_store_acquire(f->st, &f->key, (tsr_lock_mode) -1, &lk, &rec, &exp),
	                 TSR_EINVAL);
}

/* A key whose hex does not spell its bytes never reaches the driver (it names files). */
static void test_acquire_inconsistent_key(void **state)
{
	fixture *f = *state;
	tsr_lock *lk;
	tsr_bytes rec;
	int64_t exp;
	tsr_key bad = f->key;

	memcpy(bad.hex, "../../", 6);
	assert_int_equal(tsr_store_acquire(f->st, &bad, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_EINVAL);
	assert_null(lk);
	bad = f->key;
	bad.hex[5] = bad.hex[5] == '0' ? '1' : '0'; /* valid hex, wrong byte */
	assert_int_equal(tsr_store_acquire(f->st, &bad, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_EINVAL);
	bad = f->key;
	bad.hex[TSR_KEY_HEX_LEN] = 'x';
	assert_int_equal(tsr_store_acquire(f->st, &bad, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_EINVAL);
	assert_int_equal(tsr_test_count_entries(f->root), 0);
}

static void test_write_bad_arguments(void **state)
{
	fixture *f = *state;
	struct tsr_store_write w = {(const uint8_t *) "x", 1, 100, NULL, TSR_WRITE_CREATE};
	tsr_lock *lk;
	tsr_bytes rec;
	int64_t exp;

	assert_int_equal(tsr_store_acquire(f->st, &f->key, TSR_LOCK_NONE, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(tsr_store_write(f->st, lk, NULL), TSR_EINVAL);
	assert_int_equal(tsr_store_write(f->st, NULL, &w), TSR_EINVAL);
	w.flags = 0x80;
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_EINVAL);
	w.flags = TSR_WRITE_CREATE;
	w.data = NULL;
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_EINVAL);
	w.data = (const uint8_t *) "x";
	w.expires_at = -1;
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_EINVAL);
	assert_int_equal(tsr_store_touch(f->st, lk, -1, 0), TSR_EINVAL);
	assert_int_equal(tsr_store_touch(f->st, lk, 1, 0x40), TSR_EINVAL);
	assert_int_equal(tsr_store_destroy(f->st, lk, 0x40), TSR_EINVAL);
	assert_int_equal(tsr_test_count_files(f->root), 0);
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);
}

/* A READ_ONLY lock changes nothing: write, touch and destroy are refused. */
static void test_read_only_refuses_changes(void **state)
{
	fixture *f = *state;
	struct tsr_store_write w = {(const uint8_t *) "new", 3, 9000, NULL, 0};
	tsr_lock *lk;
	tsr_bytes rec;
	int64_t exp;
	char *s;

	store_old(f);
	assert_int_equal(tsr_store_acquire(f->st, &f->key, TSR_LOCK_READ_ONLY, &lk, &rec, &exp),
	                 TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_EREADONLY);
	assert_int_equal(tsr_store_error(f->st)->err, TSR_EREADONLY);
	assert_int_equal(tsr_store_touch(f->st, lk, 9000, 0), TSR_EREADONLY);
	assert_int_equal(tsr_store_destroy(f->st, lk, 0), TSR_EREADONLY);
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);

	s = read_back(f);
	assert_string_equal(s, "old");
	free(s);
	assert_int_equal(tsr_store_acquire(f->st, &f->key, TSR_LOCK_READ_ONLY, &lk, &rec, &exp),
	                 TSR_OK);
	assert_int_equal(exp, 5000);
	tsr_bytes_free(&rec);
	tsr_store_release(f->st, lk);
}

/* After TSR_RELEASE the handle can no longer change anything; it can only be freed. */
static void test_released_lock_refused(void **state)
{
	fixture *f = *state;
	struct tsr_store_write w = {(const uint8_t *) "new", 3, 9000, NULL, TSR_RELEASE};
	tsr_lock *lk;
	tsr_bytes rec;
	int64_t exp;
	char *s;

	store_old(f);
	assert_int_equal(tsr_store_acquire(f->st, &f->key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_touch(f->st, lk, 7000, TSR_RELEASE), TSR_OK);
	assert_true(lk->released);
	assert_false(lk->held);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_EINVAL);
	assert_int_equal(tsr_store_touch(f->st, lk, 8000, 0), TSR_EINVAL);
	assert_int_equal(tsr_store_destroy(f->st, lk, 0), TSR_EINVAL);
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);
	s = read_back(f);
	assert_string_equal(s, "old");
	free(s);
}

static void test_gc_and_list_bad_arguments(void **state)
{
	fixture *f = *state;

	assert_int_equal(tsr_store_gc(f->st, 0, NULL), TSR_EINVAL);
	assert_int_equal(tsr_store_list(f->st, NULL, NULL, NULL), TSR_EINVAL);
	assert_int_equal(tsr_store_error(f->st)->err, TSR_EINVAL);
}

/* A successful call clears the error of the previous failure. */
static void test_error_cleared_on_success(void **state)
{
	fixture *f = *state;
	uint64_t n = 5;

	assert_int_equal(tsr_store_gc(f->st, 0, NULL), TSR_EINVAL);
	assert_int_equal(tsr_store_error(f->st)->err, TSR_EINVAL);
	assert_int_equal(tsr_store_gc(f->st, 0, &n), TSR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(tsr_store_error(f->st)->err, TSR_OK);
	assert_string_equal(tsr_store_error(f->st)->errstr, "");
}

static void test_lock_mode_names(void **state)
{
	static const tsr_lock_mode modes[] = {TSR_LOCK_EXCLUSIVE, TSR_LOCK_READ_ONLY, TSR_LOCK_NONE};
	static const char *const names[] = {"exclusive", "read_only", "none"};
	tsr_lock_mode m;
	size_t i;
	(void) state;

	for (i = 0; i < 3; i++) {
		assert_string_equal(tsr_lock_mode_name(modes[i]), names[i]);
		m = (tsr_lock_mode) 99;
		assert_int_equal(tsr_lock_mode_parse(names[i], &m), TSR_OK);
		assert_int_equal(m, modes[i]);
	}
	assert_string_equal(tsr_lock_mode_name((tsr_lock_mode) 3), "unknown");
}

static void test_lock_mode_parse_rejects(void **state)
{
	static const char *const bad[] = {"",      "Exclusive", "readonly",   "read-only",
	                                  "none ", "on_write",  "exclusive\n"};
	tsr_lock_mode m = TSR_LOCK_NONE;
	size_t i;
	(void) state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(tsr_lock_mode_parse(bad[i], &m), TSR_EINVAL);
		assert_int_equal(m, TSR_LOCK_NONE);
	}
	assert_int_equal(tsr_lock_mode_parse(NULL, &m), TSR_EINVAL);
	assert_int_equal(tsr_lock_mode_parse("none", NULL), TSR_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_null_arguments),
	    cmocka_unit_test(test_open_bad_dsn),
	    cmocka_unit_test(test_open_negative_limits),
	    cmocka_unit_test(test_reserved_schemes),
	    cmocka_unit_test_setup_teardown(test_open_files_both_spellings, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_config_is_kept, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_null_store_everywhere, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_acquire_bad_arguments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_acquire_inconsistent_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_write_bad_arguments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_only_refuses_changes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_released_lock_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gc_and_list_bad_arguments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_error_cleared_on_success, setup, teardown),
	    cmocka_unit_test(test_lock_mode_names),
	    cmocka_unit_test(test_lock_mode_parse_rejects),
	};

	/* A lock bug must fail the run, not hang it. */
	alarm(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
