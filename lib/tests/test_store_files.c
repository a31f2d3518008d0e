/*
 * Unit tests for the files store (lib/src/store_files.c): round trips,
 * exclusive locking between processes (fork()ed children, ordered through
 * pipes and /proc/locks, never by sleeping), the wait limit (also in two
 * threads at once), crashed
 * holders, fencing of writes after a destroy, refusal of symbolic links and
 * foreign files, crash safety under injected system call failures, reads
 * that leave access times alone, touch,
 * gc and listing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
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

/* A uid that owns nothing on the test machine. */
#define FOREIGN_UID 12345
/* Far in the future (ms, year 2096): never expired by a real clock. */
#define FAR_FUTURE INT64_C(4000000000000)

static tsr_store *open_store(const char *root, int wait_ms)
{
	tsr_store_config cfg = {wait_ms, TSR_STORE_DEFAULT_LOCK_TTL_MS};
	tsr_store *st = NULL;
	tsr_error e;

	if (tsr_store_open(root, &cfg, &st, &e) != TSR_OK) {
		fail_msg("open %s: %s", root, e.errstr);
	}
	return st;
}

/* A store on a fresh directory that does not wait for locks (see store_fixture.h). */
static int setup(void **state)
{
	return tsr_test_store_setup(state, 0, TSR_STORE_DEFAULT_LOCK_TTL_MS);
}

/* Writes into 'buf' the path of 'k's file with 'suffix' (or of its shard when 'suffix' is NULL). */
static const char *path_of(const tsr_test_fixture *f, const tsr_key *k, const char *suffix,
                           char *buf, size_t size)
{
	if (suffix == NULL) {
		snprintf(buf, size, "%s/%.2s/%.2s", f->root, k->hex, k->hex + 2);
	} else {
		snprintf(buf, size, "%s/%.2s/%.2s/%s%s", f->root, k->hex, k->hex + 2, k->hex, suffix);
	}
	return buf;
}

/* Stores 'data' with deadline 'exp' for 'k' through an EXCLUSIVE lock, creating it. */
static void put(tsr_store *st, const tsr_key *k, const char *data, int64_t exp)
{
	struct tsr_store_write w = {(const uint8_t *) data, strlen(data), exp, NULL,
	                            TSR_WRITE_CREATE | TSR_RELEASE};
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t old;
	int rc;

	rc = tsr_store_acquire(st, k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &old);
	assert_true(rc == TSR_OK || rc == TSR_ENOTFOUND);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_write(st, lk, &w), TSR_OK);
	assert_int_equal(tsr_store_release(st, lk), TSR_OK);
}

/* Reads 'k' without locking; returns the code, the bytes as a string (caller frees) and deadline.
 */
static int get(tsr_store *st, const tsr_key *k, char **data, int64_t *exp)
{
	tsr_bytes rec;
	tsr_lock *lk;
	int rc;

	*data = NULL;
	rc = tsr_store_acquire(st, k, TSR_LOCK_READ_ONLY, &lk, &rec, exp);
	if (rc == TSR_OK) {
		*data = calloc(1, rec.len + 1);
		assert_non_null(*data);
		memcpy(*data, rec.data, rec.len);
	}
	tsr_bytes_free(&rec);
	tsr_store_release(st, lk);
	return rc;
}

/* Asserts that 'k' holds exactly 'want' with deadline 'want_exp'. */
static void assert_record(tsr_store *st, const tsr_key *k, const char *want, int64_t want_exp)
{
	char *data;
	int64_t exp;

	assert_int_equal(get(st, k, &data, &exp), TSR_OK);
	assert_string_equal(data, want);
	assert_int_equal(exp, want_exp);
	free(data);
}

/* ---- basic behaviour ---------------------------------------------------------------------- */

static void test_round_trip(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("round-trip");
	static const uint8_t bytes[] = {0, 1, 2, 0xff, 'x', 0};
	struct tsr_store_write w = {bytes, sizeof(bytes), INT64_C(1700000000123), NULL,
	                            TSR_WRITE_CREATE | TSR_RELEASE};
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	char path[512];

	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_non_null(lk);
	assert_true(lk->held);
	assert_null(rec.data);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_OK);
	assert_false(lk->held);
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);

	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_READ_ONLY, &lk, &rec, &exp), TSR_OK);
	assert_int_equal(rec.len, sizeof(bytes));
	assert_memory_equal(rec.data, bytes, sizeof(bytes));
	assert_int_equal(exp, INT64_C(1700000000123));
	tsr_bytes_free(&rec);
	tsr_store_release(f->st, lk);
	assert_true(tsr_test_exists(path_of(f, &k, ".rec", path, sizeof(path))));
	assert_int_equal(tsr_test_count_named(f->root, ".tmp."), 0);
}

/* READ_ONLY and NONE report an unknown session without creating anything. */
static void test_unknown_read_creates_nothing(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("unknown");
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp = 77;

	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_READ_ONLY, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_non_null(lk);
	assert_false(lk->held);
	assert_null(rec.data);
	assert_int_equal(rec.len, 0);
	assert_int_equal(tsr_store_error(f->st)->err, TSR_ENOTFOUND);
	tsr_store_release(f->st, lk);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_NONE, &lk, &rec, &exp), TSR_ENOTFOUND);
	assert_non_null(lk);
	tsr_store_release(f->st, lk);
	assert_int_equal(tsr_test_count_entries(f->root), 0);
}

/* An EXCLUSIVE probe of an unknown session leaves no lock file once released. */
static void test_unknown_exclusive_leaves_no_lock_file(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("probe");
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	char path[512];

	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_true(lk->held);
	assert_true(tsr_test_exists(path_of(f, &k, ".lock", path, sizeof(path))));
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);
	assert_false(tsr_test_exists(path));
	assert_int_equal(tsr_test_count_files(f->root), 0);
}

static void test_destroy_twice_is_ok(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("destroy-twice");
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	char path[512];

	put(f->st, &k, "data", 5000);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_destroy(f->st, lk, 0), TSR_OK);
	assert_int_equal(tsr_store_destroy(f->st, lk, TSR_RELEASE), TSR_OK);
	tsr_store_release(f->st, lk);
	assert_false(tsr_test_exists(path_of(f, &k, ".rec", path, sizeof(path))));
	assert_false(tsr_test_exists(path_of(f, &k, ".lock", path, sizeof(path))));
	assert_int_equal(tsr_test_count_files(f->root), 0);
}

/* ---- locking between processes ------------------------------------------------------------ */

typedef struct child_args {
	const char *root;
	tsr_key key;
	int wait_ms;
	int in;    /* read end: parent -> child */
	int out;   /* write end: child -> parent */
	int spare; /* the parent's end of 'in', closed by the child so it sees EOF */
} child_args;

/*
 * Child: acquires the session (blocking) and exits 0 only if the parent's
 * go-byte was already readable when acquire returned, i.e. it was let in
 * only after the parent wrote and released. It reports that verdict as one
 * byte and keeps the lock until the parent sends a second byte, so the
 * parent can check the lock is really held.
 */
static int child_acquire_after_go(void *arg)
{
	child_args *a = arg;
	tsr_store *st = NULL;
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	int rc;

	close(a->spare);
	if (tsr_store_open(a->root, &(tsr_store_config){a->wait_ms, 1000}, &st, NULL) != TSR_OK) {
		return 10;
	}
	rc = tsr_store_acquire(st, &a->key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp);
	if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
		return 11;
	}
	rc = tsr_test_readable(a->in) ? 0 : 12;
	tsr_test_recv(a->in);
	tsr_test_send(a->out, (char) rc);
	tsr_test_recv(a->in);
	tsr_bytes_free(&rec);
	tsr_store_release(st, lk);
	tsr_store_close(st);
	return rc;
}

static void test_exclusive_blocks_until_release(void **state)
{
	tsr_test_fixture *f = *state;
	child_args a = {f->root, tsr_test_key_of("exclusive"), 10000, -1, -1, -1};
	tsr_store *other = open_store(f->root, 0);
	int go[2], back[2];
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	pid_t pid;

	put(f->st, &a.key, "v1", FAR_FUTURE);
	assert_int_equal(tsr_store_acquire(f->st, &a.key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	tsr_test_pipe(go);
	tsr_test_pipe(back);
	a.in = go[0];
	a.out = back[1];
	a.spare = go[1];
	pid = tsr_test_fork(child_acquire_after_go, &a);
	close(go[0]);
	close(back[1]);
	/* The child is parked in flock() in the kernel before we let go. */
	assert_true(tsr_test_await_flock_waiter(pid, 5000));
	tsr_test_send(go[1], 'g');
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);
	assert_int_equal(tsr_test_recv(back[0]), 0);
	/* The child holds the lock that counts: nobody else gets in now. */
	assert_int_equal(tsr_store_acquire(other, &a.key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ELOCKTIMEOUT);
	tsr_test_send(go[1], 'd');
	assert_int_equal(tsr_test_wait(pid), 0);
	close(go[1]);
	close(back[0]);
	tsr_store_close(other);
}

/* The same, for a session that has no record: the waiter survives the lock file's removal. */
static void test_waiter_survives_lock_file_removal(void **state)
{
	tsr_test_fixture *f = *state;
	child_args a = {f->root, tsr_test_key_of("fresh"), 10000, -1, -1, -1};
	tsr_store *other = open_store(f->root, 0);
	int go[2], back[2];
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	pid_t pid;

	assert_int_equal(tsr_store_acquire(f->st, &a.key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	tsr_test_pipe(go);
	tsr_test_pipe(back);
	a.in = go[0];
	a.out = back[1];
	a.spare = go[1];
	pid = tsr_test_fork(child_acquire_after_go, &a);
	close(go[0]);
	close(back[1]);
	assert_true(tsr_test_await_flock_waiter(pid, 5000));
	tsr_test_send(go[1], 'g');
	/* Releasing an unstored session unlinks its lock file: the waiter must start over. */
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);
	assert_int_equal(tsr_test_recv(back[0]), 0);
	/* The child holds the lock that counts: nobody else gets in now. */
	assert_int_equal(tsr_store_acquire(other, &a.key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ELOCKTIMEOUT);
	tsr_test_send(go[1], 'd');
	assert_int_equal(tsr_test_wait(pid), 0);
	close(go[1]);
	close(back[0]);
	tsr_store_close(other);
}

/* Child: waits for the lock and reports the CLOCK_MONOTONIC ms at which it got it. */
static int child_report_wake_time(void *arg)
{
	child_args *a = arg;
	tsr_store *st = NULL;
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp, now;
	int rc;

	if (tsr_store_open(a->root, &(tsr_store_config){a->wait_ms, 1000}, &st, NULL) != TSR_OK) {
		return 10;
	}
	rc = tsr_store_acquire(st, &a->key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp);
	now = tsr_test_mono_ms();
	if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
		return 11;
	}
	tsr_test_send_bytes(a->out, &now, sizeof(now));
	tsr_bytes_free(&rec);
	tsr_store_release(st, lk);
	tsr_store_close(st);
	return 0;
}

/* A waiter is woken by the release itself, far sooner than its wait limit. */
static void test_waiter_woken_promptly(void **state)
{
	tsr_test_fixture *f = *state;
	child_args a = {f->root, tsr_test_key_of("wake"), 10000, -1, -1, -1};
	int back[2];
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp, released_at, woke_at = 0;
	pid_t pid;

	put(f->st, &a.key, "v", FAR_FUTURE);
	assert_int_equal(tsr_store_acquire(f->st, &a.key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	tsr_test_pipe(back);
	a.out = back[1];
	pid = tsr_test_fork(child_report_wake_time, &a);
	close(back[1]);
	assert_true(tsr_test_await_flock_waiter(pid, 5000));
	released_at = tsr_test_mono_ms();
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);
	assert_true(tsr_test_recv_bytes(back[0], &woke_at, sizeof(woke_at)));
	assert_int_equal(tsr_test_wait(pid), 0);
	close(back[0]);
	assert_true(woke_at >= released_at);
	/* Wake-up latency: well under a second against a 10 s limit. */
	assert_in_range(woke_at - released_at, 0, 1000);
}

/* The wait limit ends a blocked acquire with TSR_ELOCKTIMEOUT, on time, and cleans up. */
static void test_wait_limit_times_out(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("timeout");
	tsr_store *other = open_store(f->root, 200);
	struct sigaction before, after;
	sigset_t mask_before, mask_after;
	tsr_bytes rec;
	tsr_lock *lk, *lk2 = (tsr_lock *) 0x1;
	int64_t exp, t0, elapsed;

	sigaction(SIGRTMIN + 3, NULL, &before);
	pthread_sigmask(SIG_SETMASK, NULL, &mask_before);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	t0 = tsr_test_mono_ms();
	assert_int_equal(tsr_store_acquire(other, &k, TSR_LOCK_EXCLUSIVE, &lk2, &rec, &exp),
	                 TSR_ELOCKTIMEOUT);
	elapsed = tsr_test_mono_ms() - t0;
	assert_null(lk2);
	assert_true(elapsed >= 200);
	assert_true(elapsed < 2000);
	assert_non_null(strstr(tsr_store_error(other)->errstr, "lock wait limit of 200 ms reached"));
	/* The signal's action and the thread's mask are as they were. */
	sigaction(SIGRTMIN + 3, NULL, &after);
	pthread_sigmask(SIG_SETMASK, NULL, &mask_after);
	assert_ptr_equal((void *) after.sa_handler, (void *) before.sa_handler);
	assert_int_equal(sigismember(&mask_after, SIGRTMIN + 3),
	                 sigismember(&mask_before, SIGRTMIN + 3));
	tsr_store_release(f->st, lk);
	tsr_store_close(other);
}

typedef struct waiter_thread {
	const char *root;
	tsr_key key;
	int rc;
	int64_t elapsed;
} waiter_thread;

/* Thread body: one blocked acquire with a 200 ms limit, timed. */
static void *thread_wait(void *arg)
{
	waiter_thread *w = arg;
	tsr_store_config cfg = {200, 1000};
	tsr_store *st = NULL;
	tsr_bytes rec;
	tsr_lock *lk = NULL;
	int64_t exp, t0;

	w->rc = tsr_store_open(w->root, &cfg, &st, NULL);
	if (w->rc != TSR_OK) {
		return NULL;
	}
	t0 = tsr_test_mono_ms();
	w->rc = tsr_store_acquire(st, &w->key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp);
	w->elapsed = tsr_test_mono_ms() - t0;
	tsr_bytes_free(&rec);
	tsr_store_release(st, lk);
	tsr_store_close(st);
	return NULL;
}

/* Two threads time out at once: each is woken by its own timer, and the signal is restored. */
static void test_wait_limit_in_two_threads(void **state)
{
	tsr_test_fixture *f = *state;
	waiter_thread w[2] = {{f->root, tsr_test_key_of("thread-1"), 0, 0},
	                      {f->root, tsr_test_key_of("thread-2"), 0, 0}};
	struct sigaction before, after;
	tsr_bytes rec;
	tsr_lock *lk[2];
	pthread_t th[2];
	int64_t exp;
	int i;

	sigaction(SIGRTMIN + 3, NULL, &before);
	for (i = 0; i < 2; i++) {
		assert_int_equal(
		    tsr_store_acquire(f->st, &w[i].key, TSR_LOCK_EXCLUSIVE, &lk[i], &rec, &exp),
		    TSR_ENOTFOUND);
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_create(&th[i], NULL, thread_wait, &w[i]), 0);
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(w[i].rc, TSR_ELOCKTIMEOUT);
		assert_true(w[i].elapsed >= 200);
		assert_true(w[i].elapsed < 2000);
		tsr_store_release(f->st, lk[i]);
	}
	sigaction(SIGRTMIN + 3, NULL, &after);
	assert_ptr_equal((void *) after.sa_handler, (void *) before.sa_handler);
}

/* With a wait limit of 0 a busy lock fails at once. */
static void test_zero_wait_fails_at_once(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("no-wait");
	tsr_store *other = open_store(f->root, 0);
	tsr_bytes rec;
	tsr_lock *lk, *lk2;
	int64_t exp, t0;

	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	t0 = tsr_test_mono_ms();
	assert_int_equal(tsr_store_acquire(other, &k, TSR_LOCK_EXCLUSIVE, &lk2, &rec, &exp),
	                 TSR_ELOCKTIMEOUT);
	assert_in_range(tsr_test_mono_ms() - t0, 0, 1000);
	assert_non_null(strstr(tsr_store_error(other)->errstr, "lock wait limit of 0 ms reached"));
	tsr_store_release(f->st, lk);
	/* Free again: the other handle gets it now. */
	assert_int_equal(tsr_store_acquire(other, &k, TSR_LOCK_EXCLUSIVE, &lk2, &rec, &exp),
	                 TSR_ENOTFOUND);
	tsr_store_release(other, lk2);
	tsr_store_close(other);
}

/* Child: takes the lock, says 'h', and holds it until the parent closes its pipe. */
static int child_hold(void *arg)
{
	child_args *a = arg;
	tsr_store *st = NULL;
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	int rc;

	close(a->spare);
	if (tsr_store_open(a->root, &(tsr_store_config){0, 1000}, &st, NULL) != TSR_OK) {
		return 10;
	}
	rc = tsr_store_acquire(st, &a->key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp);
	if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
		return 11;
	}
	tsr_bytes_free(&rec);
	tsr_test_send(a->out, 'h');
	tsr_test_recv(a->in); /* until told, or until the parent's end closes */
	tsr_store_release(st, lk);
	tsr_store_close(st);
	return 0;
}

/* Forks child_hold on 'k' and returns once it holds the lock. */
static pid_t spawn_holder(tsr_test_fixture *f, child_args *a, const tsr_key *k, int *to_child)
{
	int down[2], up[2];
	pid_t pid;

	tsr_test_pipe(down);
	tsr_test_pipe(up);
	a->root = f->root;
	a->key = *k;
	a->in = down[0];
	a->out = up[1];
	a->spare = down[1];
	pid = tsr_test_fork(child_hold, a);
	close(down[0]);
	close(up[1]);
	assert_int_equal(tsr_test_recv(up[0]), 'h');
	close(up[0]);
	*to_child = down[1];
	return pid;
}

static void test_killed_holder_frees_lock(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("crash");
	child_args a;
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	int to_child;
	pid_t pid;

	put(f->st, &k, "before-crash", FAR_FUTURE);
	pid = spawn_holder(f, &a, &k, &to_child);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ELOCKTIMEOUT);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(tsr_test_wait(pid), 128 + SIGKILL);
	close(to_child);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	assert_true(lk->held);
	assert_int_equal(rec.len, strlen("before-crash"));
	tsr_bytes_free(&rec);
	tsr_store_release(f->st, lk);
}

/* READ_ONLY and NONE read at once while another process holds the lock; NONE writes too. */
static void test_read_only_and_none_never_wait(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("readers");
	tsr_store *st = open_store(f->root, 10000);
	struct tsr_store_write w = {(const uint8_t *) "by-none", 7, FAR_FUTURE, NULL, TSR_RELEASE};
	child_args a;
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp, t0;
	int to_child;
	pid_t pid;

	put(f->st, &k, "held", FAR_FUTURE);
	pid = spawn_holder(f, &a, &k, &to_child);
	t0 = tsr_test_mono_ms();
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_READ_ONLY, &lk, &rec, &exp), TSR_OK);
	assert_int_equal(rec.len, 4);
	assert_memory_equal(rec.data, "held", 4);
	tsr_bytes_free(&rec);
	tsr_store_release(st, lk);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_NONE, &lk, &rec, &exp), TSR_OK);
	assert_false(lk->held);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_write(st, lk, &w), TSR_OK);
	tsr_store_release(st, lk);
	assert_in_range(tsr_test_mono_ms() - t0, 0, 1000);
	close(to_child);
	assert_int_equal(tsr_test_wait(pid), 0);
	assert_record(st, &k, "by-none", FAR_FUTURE);
	tsr_store_close(st);
}

/* Child: 'rounds' times, lock, read a decimal counter, write it + 1. */
static int child_increment(void *arg)
{
	child_args *a = arg;
	tsr_store *st = NULL;
	int i;

	if (tsr_store_open(a->root, &(tsr_store_config){30000, 1000}, &st, NULL) != TSR_OK) {
		return 10;
	}
	for (i = 0; i < a->wait_ms; i++) {
		char buf[32];
		struct tsr_store_write w = {(const uint8_t *) buf, 0, FAR_FUTURE, NULL,
		                            TSR_RELEASE | TSR_WRITE_CREATE};
		tsr_bytes rec;
		tsr_lock *lk;
		int64_t exp;
		long n = 0;
		int rc = tsr_store_acquire(st, &a->key, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp);

		if (rc == TSR_OK) {
			snprintf(buf, sizeof(buf), "%.*s", (int) rec.len, (const char *) rec.data);
			n = strtol(buf, NULL, 10);
		} else if (rc != TSR_ENOTFOUND) {
			return 11;
		}
		tsr_bytes_free(&rec);
		w.len = (size_t) snprintf(buf, sizeof(buf), "%ld", n + 1);
		if (tsr_store_write(st, lk, &w) != TSR_OK) {
			return 12;
		}
		tsr_store_release(st, lk);
	}
	tsr_store_close(st);
	return 0;
}

/* Four processes increment one counter under the lock: no increment is lost. */
static void test_no_lost_increment(void **state)
{
	tsr_test_fixture *f = *state;
	child_args a = {f->root, tsr_test_key_of("counter"), 25, -1, -1, -1};
	pid_t pids[4];
	char *data;
	int64_t exp;
	size_t i;

	for (i = 0; i < 4; i++) {
		pids[i] = tsr_test_fork(child_increment, &a);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(tsr_test_wait(pids[i]), 0);
	}
	assert_int_equal(get(f->st, &a.key, &data, &exp), TSR_OK);
	assert_string_equal(data, "100");
	free(data);
	assert_int_equal(tsr_test_count_named(f->root, ".tmp."), 0);
}

/* ---- fencing ------------------------------------------------------------------------------ */

/* Once destroyed, a write without TSR_WRITE_CREATE is refused and nothing reappears. */
static void test_write_after_destroy_is_gone(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("destroyed");
	struct tsr_store_write w = {(const uint8_t *) "zombie", 6, FAR_FUTURE, NULL, TSR_RELEASE};
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	char path[512];

	put(f->st, &k, "alive", FAR_FUTURE);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_destroy(f->st, lk, 0), TSR_OK);
	assert_true(lk->held);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_EGONE);
	assert_int_equal(tsr_store_error(f->st)->err, TSR_EGONE);
	assert_false(lk->held);
	tsr_store_release(f->st, lk);
	assert_false(tsr_test_exists(path_of(f, &k, ".rec", path, sizeof(path))));
	assert_int_equal(tsr_test_count_files(f->root), 0);
}

/* A NONE writer does not bring back a session another handle destroyed. */
static void test_none_write_after_other_destroy_is_gone(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("none-destroyed");
	struct tsr_store_write w = {(const uint8_t *) "zombie", 6, FAR_FUTURE, NULL, TSR_RELEASE};
	tsr_store *other = open_store(f->root, 0);
	tsr_bytes rec;
	tsr_lock *reader, *killer;
	int64_t exp;
	char path[512];

	put(f->st, &k, "alive", FAR_FUTURE);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_NONE, &reader, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_acquire(other, &k, TSR_LOCK_EXCLUSIVE, &killer, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_destroy(other, killer, TSR_RELEASE), TSR_OK);
	tsr_store_release(other, killer);
	assert_int_equal(tsr_store_write(f->st, reader, &w), TSR_EGONE);
	assert_int_equal(tsr_store_touch(f->st, reader, FAR_FUTURE, 0), TSR_EINVAL); /* released */
	tsr_store_release(f->st, reader);
	assert_false(tsr_test_exists(path_of(f, &k, ".rec", path, sizeof(path))));
	assert_int_equal(tsr_test_count_files(f->root), 0);
	tsr_store_close(other);
}

static void test_touch_after_destroy_is_gone(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("touch-destroyed");
	tsr_bytes rec;
	tsr_lock *reader, *killer;
	int64_t exp;

	put(f->st, &k, "alive", FAR_FUTURE);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_NONE, &reader, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_NONE, &killer, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_destroy(f->st, killer, TSR_RELEASE), TSR_OK);
	tsr_store_release(f->st, killer);
	assert_int_equal(tsr_store_touch(f->st, reader, FAR_FUTURE, TSR_RELEASE), TSR_EGONE);
	tsr_store_release(f->st, reader);
	assert_int_equal(tsr_test_count_files(f->root), 0);
}

/* A holder whose lock file was removed behind its back may not write (fencing). */
static void test_removed_lock_file_is_lost_lock(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("lost");
	struct tsr_store_write w = {(const uint8_t *) "late", 4, FAR_FUTURE, NULL, TSR_RELEASE};
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	char path[512];

	put(f->st, &k, "kept", 5000);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(unlink(path_of(f, &k, ".lock", path, sizeof(path))), 0);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_ELOCKLOST);
	tsr_store_release(f->st, lk);
	assert_record(f->st, &k, "kept", 5000);
	assert_int_equal(tsr_test_count_named(f->root, ".tmp."), 0);
}

/* ---- unsafe paths ------------------------------------------------------------------------- */

/* Creates the shard directories of 'k' by hand. */
static void make_shard(const tsr_test_fixture *f, const tsr_key *k)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%.2s", f->root, k->hex);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(mkdir(path_of(f, k, NULL, path, sizeof(path)), 0700), 0);
}

static void test_symlinked_record_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("symlink-record");
	char target[512], path[512], *data;
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	size_t len;

	snprintf(target, sizeof(target), "%s/target", f->root);
	tsr_test_write_file(target, "secret", 6);
	make_shard(f, &k);
	assert_int_equal(symlink(target, path_of(f, &k, ".rec", path, sizeof(path))), 0);

	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_READ_ONLY, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
	assert_null(lk);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
	assert_null(lk);
	/* A NONE writer does not replace it either. */
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_NONE, &lk, &rec, &exp), TSR_EUNSAFE);
	data = tsr_test_read_file(target, &len);
	assert_non_null(data);
	assert_string_equal(data, "secret");
	free(data);
}

static void test_symlinked_record_not_written_through(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("symlink-write");
	struct tsr_store_write w = {(const uint8_t *) "evil", 4, FAR_FUTURE, NULL,
	                            TSR_WRITE_CREATE | TSR_RELEASE};
	char target[512], path[512], *data;
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	struct stat sb;

	snprintf(target, sizeof(target), "%s/target", f->root);
	tsr_test_write_file(target, "secret", 6);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	/* Planted after the read, before the write. */
	assert_int_equal(symlink(target, path_of(f, &k, ".rec", path, sizeof(path))), 0);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_EUNSAFE);
	tsr_store_release(f->st, lk);
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	data = tsr_test_read_file(target, NULL);
	assert_string_equal(data, "secret");
	free(data);
	assert_int_equal(tsr_test_count_named(f->root, ".tmp."), 0);
}

static void test_symlinked_lock_file_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("symlink-lock");
	char target[512], path[512];
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;

	snprintf(target, sizeof(target), "%s/created-through-link", f->root);
	make_shard(f, &k);
	assert_int_equal(symlink(target, path_of(f, &k, ".lock", path, sizeof(path))), 0);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
	assert_null(lk);
	assert_non_null(strstr(tsr_store_error(f->st)->errstr, "symbolic link"));
	assert_false(tsr_test_exists(target));
}

static void test_symlinked_shard_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("symlink-shard");
	char *elsewhere = tsr_test_mkdtemp();
	char path[512];
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;

	snprintf(path, sizeof(path), "%s/%.2s", f->root, k.hex);
	assert_int_equal(symlink(elsewhere, path), 0);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
	assert_null(lk);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_READ_ONLY, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
	assert_int_equal(tsr_test_count_entries(elsewhere), 0);

	/* The second level too. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(symlink(elsewhere, path_of(f, &k, NULL, path, sizeof(path))), 0);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
	assert_int_equal(tsr_test_count_entries(elsewhere), 0);
	tsr_test_rmtree(elsewhere);
	free(elsewhere);
}

static void test_shard_that_is_a_file_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("file-shard");
	char path[512];
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;

	snprintf(path, sizeof(path), "%s/%.2s", f->root, k.hex);
	tsr_test_write_file(path, "x", 1);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
}

static void test_foreign_owner_refused(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("foreign");
	char path[512];
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;

	if (geteuid() != 0) {
		skip();
	}
	put(f->st, &k, "mine", FAR_FUTURE);

	assert_int_equal(chown(path_of(f, &k, ".rec", path, sizeof(path)), FOREIGN_UID, 0), 0);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_READ_ONLY, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
	assert_non_null(strstr(tsr_store_error(f->st)->errstr, "owned by uid 12345"));
	assert_int_equal(chown(path, 0, 0), 0);

	assert_int_equal(chown(path_of(f, &k, ".lock", path, sizeof(path)), FOREIGN_UID, 0), 0);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
	assert_int_equal(chown(path, 0, 0), 0);

	assert_int_equal(chown(path_of(f, &k, NULL, path, sizeof(path)), FOREIGN_UID, 0), 0);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_READ_ONLY, &lk, &rec, &exp),
	                 TSR_EUNSAFE);
	assert_int_equal(chown(path, 0, 0), 0);

	assert_record(f->st, &k, "mine", FAR_FUTURE);
}

/* ---- the root directory ------------------------------------------------------------------- */

static void test_root_missing(void **state)
{
	tsr_test_fixture *f = *state;
	char path[512];
	tsr_store *st = (tsr_store *) 0x1;
	tsr_error e;

	snprintf(path, sizeof(path), "%s/nope", f->root);
	assert_int_equal(tsr_store_open(path, NULL, &st, &e), TSR_EIO);
	assert_null(st);
	assert_non_null(strstr(e.errstr, "does not exist"));
}

static void test_root_not_a_directory(void **state)
{
	tsr_test_fixture *f = *state;
	char path[512];
	tsr_store *st = (tsr_store *) 0x1;
	tsr_error e;

	snprintf(path, sizeof(path), "%s/file", f->root);
	tsr_test_write_file(path, "x", 1);
	assert_int_equal(tsr_store_open(path, NULL, &st, &e), TSR_EIO);
	assert_null(st);
	assert_non_null(strstr(e.errstr, "is not a directory"));
}

static void test_root_foreign_owner(void **state)
{
	tsr_test_fixture *f = *state;
	char path[512];
	tsr_store *st = (tsr_store *) 0x1;
	tsr_error e;

	if (geteuid() != 0) {
		skip();
	}
	snprintf(path, sizeof(path), "%s/theirs", f->root);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(chown(path, FOREIGN_UID, 0), 0);
	assert_int_equal(tsr_store_open(path, NULL, &st, &e), TSR_EUNSAFE);
	assert_null(st);
	assert_non_null(strstr(e.errstr, "owned by uid 12345"));
}

static void test_root_world_writable(void **state)
{
	tsr_test_fixture *f = *state;
	char path[512];
	tsr_store *st = (tsr_store *) 0x1;
	tsr_error e;

	snprintf(path, sizeof(path), "%s/open", f->root);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(chmod(path, 0777), 0);
	assert_int_equal(tsr_store_open(path, NULL, &st, &e), TSR_EUNSAFE);
	assert_null(st);
	assert_non_null(strstr(e.errstr, "world-writable"));
	/* Sticky, like /tmp: others cannot remove or rename what we create. */
	assert_int_equal(chmod(path, 01777), 0);
	assert_int_equal(tsr_store_open(path, NULL, &st, &e), TSR_OK);
	tsr_store_close(st);
}

static void test_unknown_option_refused(void **state)
{
	tsr_test_fixture *f = *state;
	char dsn[600];
	tsr_store *st = (tsr_store *) 0x1;
	tsr_error e;

	snprintf(dsn, sizeof(dsn), "files://%s?mode=0777", f->root);
	assert_int_equal(tsr_store_open(dsn, NULL, &st, &e), TSR_EBADDSN);
	assert_null(st);
	assert_non_null(strstr(e.errstr, "mode"));
}

/* ---- injected failures -------------------------------------------------------------------- */

static int fail_renameat(int a, const char *b, int c, const char *d)
{
	(void) a;
	(void) b;
	(void) c;
	(void) d;
	errno = EIO;
	return -1;
}

static int fail_renameat2(int a, const char *b, int c, const char *d, unsigned flags)
{
	(void) flags;
	return fail_renameat(a, b, c, d);
}

static int fail_fsync(int fd)
{
	(void) fd;
	errno = EIO;
	return -1;
}

static ssize_t fail_write(int fd, const void *buf, size_t len)
{
	(void) fd;
	(void) buf;
	(void) len;
	errno = ENOSPC;
	return -1;
}

/*
 * Writes "new" over "old" with one system call failing; the old record must
 * survive whole. The write is one that ends its ID, so that the default
 * store (sync=ends) flushes it and a failing fsync is reached too.
 */
static void write_with_fault(tsr_test_fixture *f, const char *name, const char *step)
{
	tsr_key k = tsr_test_key_of(name);
	struct tsr_store_write w = {(const uint8_t *) "new", 3, 9999, NULL,
	                            TSR_RELEASE | TSR_WRITE_ENDS_ID};
	tsr__files_syscalls saved = tsr__files_sys;
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;

	tsr__files_sys = tsr__files_sys_default;
	put(f->st, &k, "old", 1234);
	tsr__files_sys = saved;
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_EIO);
	assert_int_equal(tsr_store_error(f->st)->err, TSR_EIO);
	assert_non_null(strstr(tsr_store_error(f->st)->errstr, step));
	assert_false(lk->held);
	tsr_store_release(f->st, lk);
	tsr__files_sys = tsr__files_sys_default;
	assert_record(f->st, &k, "old", 1234);
	assert_int_equal(tsr_test_count_named(f->root, ".tmp."), 0);
}

static void test_rename_failure_keeps_old_record(void **state)
{
	tsr_test_fixture *f = *state;

	tsr__files_sys.renameat = fail_renameat;
	tsr__files_sys.renameat2 = fail_renameat2; /* the exchange that replaces an existing record */
	write_with_fault(f, "rename-fails", "rename temp file over record");
}

static void test_fsync_failure_keeps_old_record(void **state)
{
	tsr__files_sys.fsync = fail_fsync;
	write_with_fault(*state, "fsync-fails", "sync temp file");
}

static void test_write_failure_keeps_old_record(void **state)
{
	tsr__files_sys.write = fail_write;
	write_with_fault(*state, "write-fails", "write temp file");
}

/* ---- touch -------------------------------------------------------------------------------- */

static void test_touch_moves_deadline_only(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("touch");
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	char path[512], *before, *after;
	size_t blen, alen;
	struct stat sb;

	put(f->st, &k, "payload-bytes", 1000);
	before = tsr_test_read_file(path_of(f, &k, ".rec", path, sizeof(path)), &blen);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	assert_int_equal(exp, 1000);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_touch(f->st, lk, INT64_C(1987654321012), TSR_RELEASE), TSR_OK);
	assert_false(lk->held);
	tsr_store_release(f->st, lk);

	after = tsr_test_read_file(path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mtim.tv_sec, 1987654321);
	assert_int_equal(sb.st_mtim.tv_nsec, 12000000);
	assert_record(f->st, &k, "payload-bytes", INT64_C(1987654321012));
	free(before);
	free(after);
}

/* Sets the access time of 'path' to 'secs' (since the epoch), leaving its mtime alone. */
static void set_atime(const char *path, time_t secs)
{
	struct timespec times[2] = {{secs, 0}, {0, UTIME_OMIT}};

	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

/* The access time of 'path', in seconds. */
static time_t atime_of(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_atim.tv_sec;
}

/*
 * A record's mtime is its deadline, ahead of the access time, so under
 * relatime every plain read moves the atime (an inode write). The store's
 * reads, locked or not, must not. Skipped on a file system that never
 * updates access times (noatime), where it could not fail.
 */
static void test_reads_leave_access_time_alone(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("atime");
	const time_t old = 1000000000; /* 2001, long before the record's deadline */
	char path[512], *plain;
	size_t len;
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;

	put(f->st, &k, "payload", FAR_FUTURE);
	path_of(f, &k, ".rec", path, sizeof(path));
	set_atime(path, old);
	plain = tsr_test_read_file(path, &len);
	free(plain);
	if (atime_of(path) == old) {
		skip(); /* this file system does not record reads */
	}
	set_atime(path, old);
	assert_record(f->st, &k, "payload", FAR_FUTURE);
	assert_int_equal(tsr_store_acquire(f->st, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	assert_int_equal(rec.len, 7);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_release(f->st, lk), TSR_OK);
	assert_int_equal(atime_of(path), old);
}

static int noatime_refusals;

/* openat() as for a caller that may not use O_NOATIME (not the file's owner). */
static int openat_without_noatime(int dirfd, const char *path, int flags, mode_t mode)
{
	if (flags & O_NOATIME) {
		noatime_refusals++;
		errno = EPERM;
		return -1;
	}
	return openat(dirfd, path, flags, mode);
}

static void test_read_without_noatime_permission(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("no-noatime");

	put(f->st, &k, "payload", FAR_FUTURE);
	noatime_refusals = 0;
	tsr__files_sys.openat = openat_without_noatime;
	assert_record(f->st, &k, "payload", FAR_FUTURE);
	put(f->st, &k, "payload-2", FAR_FUTURE); /* its check of the stored user reads too */
	tsr__files_sys = tsr__files_sys_default;
	assert_true(noatime_refusals >= 2);
	assert_record(f->st, &k, "payload-2", FAR_FUTURE);
}

/* ---- gc ----------------------------------------------------------------------------------- */

static void test_gc_deletes_exactly_the_expired(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key a = tsr_test_key_of("gc-a"), b = tsr_test_key_of("gc-b"), c = tsr_test_key_of("gc-c"),
	        d = tsr_test_key_of("gc-d");
	char path[512];
	uint64_t n = 99;

	put(f->st, &a, "a", 1000);
	put(f->st, &b, "b", 4999);
	put(f->st, &c, "c", 5001);
	put(f->st, &d, "d", 5000); /* the deadline is inclusive */
	assert_int_equal(tsr_store_gc(f->st, 5000, &n), TSR_OK);
	assert_int_equal(n, 3);
	assert_false(tsr_test_exists(path_of(f, &a, ".rec", path, sizeof(path))));
	assert_false(tsr_test_exists(path_of(f, &a, ".lock", path, sizeof(path))));
	assert_false(tsr_test_exists(path_of(f, &b, ".rec", path, sizeof(path))));
	assert_false(tsr_test_exists(path_of(f, &d, ".rec", path, sizeof(path))));
	assert_record(f->st, &c, "c", 5001);
	assert_int_equal(tsr_store_gc(f->st, 5000, &n), TSR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(tsr_store_gc(f->st, 5001, &n), TSR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tsr_test_count_files(f->root), 0);
}

/* fstatat() calls gc made, by what the path names. */
static int stat_rec_calls, stat_lock_calls;

/* fstatat(2) that counts the calls on record and lock files. */
static int counting_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	size_t len = strlen(path);

	if (len > 4 && strcmp(path + len - 4, ".rec") == 0) {
		stat_rec_calls++;
	} else if (len > 5 && strcmp(path + len - 5, ".lock") == 0) {
		stat_lock_calls++;
	}
	return tsr__files_sys_default.fstatat(dirfd, path, st, flags);
}

/*
 * gc looks at a live session's files once: one stat of its record. Its
 * lock file, listed in the same shard as the record, costs no call (the
 * record's turn handles the session).
 */
static void test_gc_stats_only_the_record_of_a_live_session(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k[3] = {tsr_test_key_of("gc-live-1"), tsr_test_key_of("gc-live-2"),
	                tsr_test_key_of("gc-live-3")};
	char path[512];
	uint64_t n = 99;
	int i;

	for (i = 0; i < 3; i++) {
		put(f->st, &k[i], "live", 9000);
		assert_true(tsr_test_exists(path_of(f, &k[i], ".lock", path, sizeof(path))));
	}
	stat_rec_calls = stat_lock_calls = 0;
	tsr__files_sys.fstatat = counting_fstatat;
	assert_int_equal(tsr_store_gc(f->st, 5000, &n), TSR_OK);
	tsr__files_sys = tsr__files_sys_default;
	assert_int_equal(n, 0);
	assert_int_equal(stat_rec_calls, 3);
	assert_int_equal(stat_lock_calls, 0);
	for (i = 0; i < 3; i++) {
		assert_record(f->st, &k[i], "live", 9000);
	}
}

static void test_gc_skips_locked_session(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("gc-locked");
	tsr_store *other = open_store(f->root, 0);
	char path[512];
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	uint64_t n = 99;

	put(f->st, &k, "busy", 1000);
	assert_int_equal(tsr_store_acquire(other, &k, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_gc(f->st, 5000, &n), TSR_OK);
	assert_int_equal(n, 0);
	assert_true(tsr_test_exists(path_of(f, &k, ".rec", path, sizeof(path))));
	assert_true(tsr_test_exists(path_of(f, &k, ".lock", path, sizeof(path))));
	tsr_store_release(other, lk);
	assert_int_equal(tsr_store_gc(f->st, 5000, &n), TSR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tsr_test_count_files(f->root), 0);
	tsr_store_close(other);
}

static void test_gc_removes_stale_lock_files(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key stale = tsr_test_key_of("gc-stale"), busy = tsr_test_key_of("gc-busy-lock");
	tsr_store *other = open_store(f->root, 0);
	char path[512];
	tsr_bytes rec;
	tsr_lock *lk;
	int64_t exp;
	uint64_t n = 99;

	make_shard(f, &stale);
	tsr_test_write_file(path_of(f, &stale, ".lock", path, sizeof(path)), "", 0);
	assert_int_equal(tsr_store_acquire(other, &busy, TSR_LOCK_EXCLUSIVE, &lk, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(tsr_store_gc(f->st, 5000, &n), TSR_OK);
	assert_int_equal(n, 0); /* lock files are not sessions */
	assert_false(tsr_test_exists(path_of(f, &stale, ".lock", path, sizeof(path))));
	/* A lock file someone holds is not stale, record or not. */
	assert_true(tsr_test_exists(path_of(f, &busy, ".lock", path, sizeof(path))));
	tsr_store_release(other, lk);
	tsr_store_close(other);
}

static void test_gc_removes_old_temp_files(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("gc-temp");
	char path[512], name[128];
	uint64_t n = 99;
	int64_t now = INT64_C(1000) * (int64_t) time(NULL);

	put(f->st, &k, "live", FAR_FUTURE);
	snprintf(name, sizeof(name), ".tmp.0123456789abcdef");
	tsr_test_write_file(path_of(f, &k, name, path, sizeof(path)), "half", 4);
	assert_int_equal(tsr_store_gc(f->st, now, &n), TSR_OK);
	assert_true(tsr_test_exists(path)); /* maybe a writer at work */
	assert_int_equal(tsr_store_gc(f->st, now + 2 * 3600 * 1000, &n), TSR_OK);
	assert_int_equal(n, 0);
	assert_false(tsr_test_exists(path));
	assert_record(f->st, &k, "live", FAR_FUTURE);
}

/* gc leaves alone what is not its own: foreign names and symbolic links. */
static void test_gc_ignores_strangers(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key k = tsr_test_key_of("gc-stranger");
	char path[512], target[512], *data;
	uint64_t n = 99;

	snprintf(target, sizeof(target), "%s/README", f->root);
	tsr_test_write_file(target, "keep", 4);
	make_shard(f, &k);
	assert_int_equal(symlink(target, path_of(f, &k, ".rec", path, sizeof(path))), 0);
	assert_int_equal(tsr_store_gc(f->st, FAR_FUTURE, &n), TSR_OK);
	assert_int_equal(n, 0);
	assert_true(tsr_test_exists(path));
	data = tsr_test_read_file(target, NULL);
	assert_string_equal(data, "keep");
	free(data);
}

/* ---- list --------------------------------------------------------------------------------- */

/* Stores a real record for 'k' bound to 'user' (NULL: none) with deadline 'exp'. */
static void put_record(tsr_test_fixture *f, const tsr_key *k, const char *user, int64_t exp)
{
	struct tsr_store_write w;
	tsr_bytes enc;
	tsr_bytes old;
	tsr_lock *lk;
	int64_t old_exp;

	tsr_test_encode_record(k, user, &enc);
	w = (struct tsr_store_write){enc.data, enc.len, exp, user, TSR_WRITE_CREATE | TSR_RELEASE};
	assert_int_equal(tsr_store_acquire(f->st, k, TSR_LOCK_EXCLUSIVE, &lk, &old, &old_exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(tsr_store_write(f->st, lk, &w), TSR_OK);
	tsr_store_release(f->st, lk);
	tsr_bytes_free(&enc);
}

/* True when 'k' was visited, with deadline 'exp'. */
static bool was_seen(const tsr_test_seen *s, const tsr_key *k, int64_t exp)
{
	int i = tsr_test_seen_find(s, k);

	return i >= 0 && s->expires_at[i] == exp;
}

static void test_list_by_user(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key a1 = tsr_test_key_of("alice-1"), a2 = tsr_test_key_of("alice-2"),
	        b1 = tsr_test_key_of("bob-1"), n1 = tsr_test_key_of("nobody"),
	        junk = tsr_test_key_of("junk");
	tsr_test_seen s;

	put_record(f, &a1, "alice", 11111);
	put_record(f, &a2, "alice", 22222);
	put_record(f, &b1, "bob", 33333);
	put_record(f, &n1, NULL, 44444);
	put(f->st, &junk, "not a record", 55555);

	assert_int_equal(tsr_test_list(f->st, "alice", &s), 2);
	assert_true(was_seen(&s, &a1, 11111));
	assert_true(was_seen(&s, &a2, 22222));

	assert_int_equal(tsr_test_list(f->st, "bob", &s), 1);
	assert_true(was_seen(&s, &b1, 33333));

	assert_int_equal(tsr_test_list(f->st, "alic", &s), 0);

	assert_int_equal(tsr_test_list(f->st, NULL, &s), 5);
	assert_true(was_seen(&s, &n1, 44444));
	assert_true(was_seen(&s, &junk, 55555));
}

static void test_list_visitor_stops(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_key a = tsr_test_key_of("stop-1"), b = tsr_test_key_of("stop-2"),
	        c = tsr_test_key_of("stop-3");
	tsr_test_seen s;

	put(f->st, &a, "1", 1);
	put(f->st, &b, "2", 2);
	put(f->st, &c, "3", 3);
	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	assert_int_equal(tsr_store_list(f->st, NULL, tsr_test_collect, &s), TSR_OK);
	assert_int_equal(s.count, 2);
}

static void test_list_empty_store(void **state)
{
	tsr_test_fixture *f = *state;
	tsr_test_seen s;

	assert_int_equal(tsr_test_list(f->st, NULL, &s), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, tsr_test_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_round_trip),
	    T(test_unknown_read_creates_nothing),
	    T(test_unknown_exclusive_leaves_no_lock_file),
	    T(test_destroy_twice_is_ok),
	    T(test_exclusive_blocks_until_release),
	    T(test_waiter_survives_lock_file_removal),
	    T(test_waiter_woken_promptly),
	    T(test_wait_limit_times_out),
	    T(test_wait_limit_in_two_threads),
	    T(test_zero_wait_fails_at_once),
	    T(test_killed_holder_frees_lock),
	    T(test_read_only_and_none_never_wait),
	    T(test_no_lost_increment),
	    T(test_write_after_destroy_is_gone),
	    T(test_none_write_after_other_destroy_is_gone),
	    T(test_touch_after_destroy_is_gone),
	    T(test_removed_lock_file_is_lost_lock),
	    T(test_symlinked_record_refused),
	    T(test_symlinked_record_not_written_through),
	    T(test_symlinked_lock_file_refused),
	    T(test_symlinked_shard_refused),
	    T(test_shard_that_is_a_file_refused),
	    T(test_foreign_owner_refused),
	    T(test_root_missing),
	    T(test_root_not_a_directory),
	    T(test_root_foreign_owner),
	    T(test_root_world_writable),
	    T(test_unknown_option_refused),
	    T(test_rename_failure_keeps_old_record),
	    T(test_fsync_failure_keeps_old_record),
	    T(test_write_failure_keeps_old_record),
	    T(test_reads_leave_access_time_alone),
	    T(test_read_without_noatime_permission),
	    T(test_touch_moves_deadline_only),
	    T(test_gc_deletes_exactly_the_expired),
	    T(test_gc_stats_only_the_record_of_a_live_session),
	    T(test_gc_skips_locked_session),
	    T(test_gc_removes_stale_lock_files),
	    T(test_gc_removes_old_temp_files),
	    T(test_gc_ignores_strangers),
	    T(test_list_by_user),
	    T(test_list_visitor_stops),
	    T(test_list_empty_store),
	};

	/* A lock bug must fail the run, not hang it. */
	alarm(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
