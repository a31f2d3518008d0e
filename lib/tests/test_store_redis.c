/*
 * Unit tests of the redis store driver on one Redis server (TCP and unix
 * socket), against real redis-server processes on 127.0.0.1 started by
 * scripts/redis-test-servers.sh (the group setup runs "start", which is
 * idempotent; set TSR_REDIS_NO_START=1 to skip it). Locking tests order
 * processes with fork(), pipes and waitpid(), never with sleeps; where a
 * test must know that a waiter is blocked, it asks the server
 * (INFO clients: blocked_clients). Runs of the redis test programs are
 * serialised by a lock file beside the servers (lock_servers), since some
 * tests stop and restart the shared server. Two tests talk to a stand-in
 * server in a forked child, to check SIGPIPE handling and malformed replies.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <hiredis/hiredis.h>

#include "redis_client.h"
#include "tessera/record.h"
#include "tessera/store.h"

#define AUTH_PASSWORD "tessera-test-pw"

static int port_single;
static int port_auth;
static char server_dir[512];
static char prefix[64];

/* ---- helpers ---------------------------------------------------------- */

static int env_int(const char *name, int def)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? atoi(v) : def;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int run_servers_script(void)
{
	const char *script = getenv("TSR_REDIS_SCRIPT");
	char cmd[1024];

	if (script == NULL) {
		script = "scripts/redis-test-servers.sh";
	}
	snprintf(cmd, sizeof(cmd), "%s start", script);
	return system(cmd);
}

/* A fresh random storage key. */
static tsr_key new_key(void)
{
	uint8_t raw[TSR_KEY_LEN];
	char hex[TSR_KEY_HEX_LEN + 1];
	tsr_key k;
	size_t i;

	assert_int_equal(getrandom(raw, sizeof(raw), 0), sizeof(raw));
	for (i = 0; i < TSR_KEY_LEN; i++) {
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	}
	assert_int_equal(tsr_key_from_hex(hex, TSR_KEY_HEX_LEN, &k), TSR_OK);
	return k;
}

/*
 * Opens 'dsn' through the public dispatcher, or, while the dispatcher does
 * not know the redis schemes yet (TSR_ENOSTORE), through the driver.
 */
static int open_store(const char *dsn_text, int wait_ms, int ttl_ms, tsr_store **out, tsr_error *e)
{
	tsr_store_config cfg = {wait_ms, ttl_ms};
	tsr_dsn dsn;
	int rc;

	rc = tsr_store_open(dsn_text, &cfg, out, e);
	if (rc != TSR_ENOSTORE) {
		return rc;
	}
	rc = tsr_dsn_parse(dsn_text, &dsn, e);
	if (rc != TSR_OK) {
		return rc;
	}
	rc = tsr_store_redis.open(&dsn, &cfg, out, e);
	tsr_dsn_clear(&dsn);
	return rc;
}

static tsr_store *open_ok(const char *dsn_text, int wait_ms, int ttl_ms)
{
	tsr_store *st = NULL;
	tsr_error e;

	tsr_error_clear(&e);
	if (open_store(dsn_text, wait_ms, ttl_ms, &st, &e) != TSR_OK) {
		fail_msg("open %s: %s", dsn_text, e.errstr);
	}
	return st;
}

/* The default DSN of the single server with this run's key prefix. */
static void dsn_single(char *buf, size_t size, const char *extra)
{
	snprintf(buf, size, "redis://127.0.0.1:%d?prefix=%s%s", port_single, prefix,
	         extra != NULL ? extra : "");
}

static tsr_store *open_single(int wait_ms, int ttl_ms)
{
	char dsn[256];

	dsn_single(dsn, sizeof(dsn), NULL);
	return open_ok(dsn, wait_ms, ttl_ms);
}

/* Writes 'text' as the record of the session 'lock' holds, with 'flags'. */
static int write_text(tsr_store *st, tsr_lock *lock, const char *text, int64_t expires_at,
                      unsigned flags)
{
	struct tsr_store_write w = {(const uint8_t *) text, strlen(text), expires_at, NULL, flags};

	return tsr_store_write(st, lock, &w);
}

/* Creates session 'key' holding 'text' (acquire, write CREATE + RELEASE). */
static void create_text(tsr_store *st, const tsr_key *key, const char *text, int64_t expires_at)
{
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp = 0;
	int rc;

	rc = tsr_store_acquire(st, key, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp);
	assert_true(rc == TSR_OK || rc == TSR_ENOTFOUND);
	tsr_bytes_free(&rec);
	assert_int_equal(write_text(st, lock, text, expires_at, TSR_WRITE_CREATE | TSR_RELEASE),
	                 TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
}

/* Reads session 'key' without a lock into 'buf' (NUL-terminated). Returns the acquire code. */
static int read_text(tsr_store *st, const tsr_key *key, char *buf, size_t size, int64_t *exp)
{
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t e = 0;
	int rc;

	buf[0] = '\0';
	rc = tsr_store_acquire(st, key, TSR_LOCK_READ_ONLY, &lock, &rec, &e);
	if (rc == TSR_OK) {
		assert_true(rec.len < size);
		memcpy(buf, rec.data, rec.len);
		buf[rec.len] = '\0';
	}
	if (exp != NULL) {
		*exp = e;
	}
	tsr_bytes_free(&rec);
	tsr_store_release(st, lock);
	return rc;
}

/* Runs one command on a fresh raw connection to 'port' (AUTH on the auth server). */
static redisReply *raw(int port, const char *fmt, ...)
{
	redisContext *c = redisConnect("127.0.0.1", port);
	redisReply *r;
	va_list ap;

	if (c == NULL || c->err) {
		if (c != NULL) {
			redisFree(c);
		}
		return NULL;
	}
	if (port == port_auth) {
		r = redisCommand(c, "AUTH %s", AUTH_PASSWORD);
		if (r != NULL) {
			freeReplyObject(r);
		}
	}
	va_start(ap, fmt);
	r = redisvCommand(c, fmt, ap);
	va_end(ap);
	redisFree(c);
	return r;
}

static long long raw_int(int port, const char *fmt, const char *arg)
{
	redisReply *r = raw(port, fmt, arg);
	long long v;

	assert_non_null(r);
	if (r->type != REDIS_REPLY_INTEGER) {
		fail_msg("%s %s: reply type %d (%s)", fmt, arg, r->type,
		         r->type == REDIS_REPLY_ERROR ? r->str : "");
	}
	v = r->integer;
	freeReplyObject(r);
	return v;
}

/* The name of key 'suffix' ("rec", "lock", "wake") of session 'k' under this run's prefix. */
static void key_name(char *buf, size_t size, const tsr_key *k, const char *suffix)
{
	snprintf(buf, size, "%s{%s}:%s", prefix, k->hex, suffix);
}

/* Number of clients blocked in a blocking command on the server at 'port'. */
static int blocked_clients(int port)
{
	redisReply *r = raw(port, "INFO clients");
	const char *p;
	int n = -1;

	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STRING);
	p = strstr(r->str, "blocked_clients:");
	if (p != NULL) {
		n = atoi(p + strlen("blocked_clients:"));
	}
	freeReplyObject(r);
	return n;
}

/* Waits (bounded, 10 s) until 'n' clients are blocked on the server at 'port'. */
static void wait_blocked(int port, int n)
{
	int64_t limit = mono_ms() + 10000;
	struct timespec ts = {0, 2 * 1000000L};

	while (blocked_clients(port) < n) {
		if (mono_ms() > limit) {
			fail_msg("no client blocked on port %d after 10 s", port);
		}
		nanosleep(&ts, NULL);
	}
}

static void read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *) buf + got, n - got);

		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			fail_msg("pipe read: %s", r == 0 ? "EOF" : strerror(errno));
		}
		got += (size_t) r;
	}
}

static void write_full(int fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = write(fd, (const char *) buf + done, n - done);

		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			_exit(90);
		}
		done += (size_t) r;
	}
}

static int wait_child(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			return -1;
		}
	}
	return status;
}

/* What a child reports through its pipe. */
typedef struct child_report {
	int rc;
	int64_t done_ms; /* CLOCK_MONOTONIC when its call returned */
	int64_t took_ms;
	tsr_redis_stats stats;
} child_report;

/* ---- DSN validation ---------------------------------------------------- */

static void expect_bad_dsn(const char *extra, const char *needle)
{
	char dsn[256];
	tsr_store *st = NULL;
	tsr_error e;
	int rc;

	dsn_single(dsn, sizeof(dsn), extra);
	tsr_error_clear(&e);
	rc = open_store(dsn, 1000, 1000, &st, &e);
	assert_int_equal(rc, TSR_EBADDSN);
	assert_null(st);
	if (strstr(e.errstr, needle) == NULL) {
		fail_msg("message '%s' does not name '%s'", e.errstr, needle);
	}
}

static void test_dsn_unknown_option_named(void **state)
{
	(void) state;
	expect_bad_dsn("&colour=blue", "colour");
}

static void test_dsn_timeout_zero_refused(void **state)
{
	(void) state;
	expect_bad_dsn("&connect_timeout=0", "connect_timeout");
}

static void test_dsn_timeout_not_a_number_refused(void **state)
{
	(void) state;
	expect_bad_dsn("&read_timeout=1e3", "read_timeout");
	expect_bad_dsn("&read_timeout=-1", "read_timeout");
	expect_bad_dsn("&read_timeout=.5", "read_timeout");
	expect_bad_dsn("&read_timeout=2.", "read_timeout");
}

static void test_dsn_prefix_unsafe_char_refused(void **state)
{
	(void) state;
	expect_bad_dsn("&prefix=a%7Bb", "prefix");
	expect_bad_dsn("&prefix=a*", "prefix");
	expect_bad_dsn("&prefix=a%20b", "prefix");
}

static void test_dsn_persistent_must_be_bit(void **state)
{
	(void) state;
	expect_bad_dsn("&persistent=yes", "persistent");
}

static void test_dsn_decimal_timeouts_accepted(void **state)
{
	char dsn[256];
	tsr_store *st;

	(void) state;
	dsn_single(dsn, sizeof(dsn), "&connect_timeout=0.5&read_timeout=2.25&persistent=1");
	st = open_ok(dsn, 1000, 1000);
	assert_string_equal(tsr_store_name(st), "redis");
	tsr_store_close(st);
}

static void test_dsn_user_without_password_refused(void **state)
{
	char dsn[256];
	tsr_store *st = NULL;
	tsr_error e;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://someone@127.0.0.1:%d", port_single);
	assert_int_equal(open_store(dsn, 1000, 1000, &st, &e), TSR_EBADDSN);
	assert_non_null(strstr(e.errstr, "password"));
}

/* ---- hash slots ---------------------------------------------------------- */

static void test_slot_matches_cluster_spec_vectors(void **state)
{
	(void) state;
	/* CRC16/XMODEM("123456789") = 0x31C3, the spec's check value. */
	assert_int_equal(tsr__redis_key_slot("123456789", 9), 0x31C3 & 16383);
	assert_int_equal(tsr__redis_key_slot("{user1000}.following", 20),
	                 tsr__redis_key_slot("user1000", 8));
	/* An empty tag "{}" hashes the whole key. */
	assert_int_equal(tsr__redis_key_slot("foo{}{bar}", 10), tsr__redis_key_slot("foo{}{bar}", 10));
	assert_int_not_equal(tsr__redis_key_slot("foo{}{bar}", 10), tsr__redis_key_slot("bar", 3));
	assert_int_equal(tsr__redis_key_slot("foo{{bar}}zap", 13), tsr__redis_key_slot("{bar", 4));
}

static void test_session_keys_share_one_slot(void **state)
{
	tsr_key k = new_key();
	char a[200], b[200], c[200];

	(void) state;
	key_name(a, sizeof(a), &k, "rec");
	key_name(b, sizeof(b), &k, "lock");
	key_name(c, sizeof(c), &k, "wake");
	assert_int_equal(tsr__redis_key_slot(a, strlen(a)), tsr__redis_key_slot(b, strlen(b)));
	assert_int_equal(tsr__redis_key_slot(a, strlen(a)), tsr__redis_key_slot(c, strlen(c)));
	assert_int_equal(tsr__redis_key_slot(a, strlen(a)), tsr__redis_key_slot(k.hex, 64));
}

/* ---- basic operations ----------------------------------------------------- */

static void test_round_trip_binary_record(void **state)
{
	static const uint8_t data[] = {'T', 'S', 0, 1, 2, 0xff, '\r', '\n', 0};
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp = 0, deadline = wall_ms() + 600000;
	struct tsr_store_write w = {data, sizeof(data), deadline, NULL, TSR_WRITE_CREATE | TSR_RELEASE};

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_non_null(lock);
	assert_true(lock->held);
	assert_int_equal(tsr_store_write(st, lock, &w), TSR_OK);
	assert_false(lock->held);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);

	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp), TSR_OK);
	assert_int_equal(rec.len, sizeof(data));
	assert_memory_equal(rec.data, data, sizeof(data));
	assert_int_equal(exp, deadline);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

static void test_unknown_session_not_found(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp = 123;
	char name[200];

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_READ_ONLY, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_non_null(lock);
	assert_null(rec.data);
	assert_int_equal(rec.len, 0);
	assert_false(lock->held);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	/* A READ_ONLY miss takes no lock. */
	key_name(name, sizeof(name), &k, "lock");
	assert_int_equal(raw_int(port_single, "EXISTS %s", name), 0);
	tsr_store_close(st);
}

static void test_record_expires_at_deadline(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	int64_t deadline = wall_ms() + 300000;
	char name[200];

	(void) state;
	create_text(st, &k, "x", deadline);
	key_name(name, sizeof(name), &k, "rec");
	assert_int_equal(raw_int(port_single, "PEXPIRETIME %s", name), deadline);
	tsr_store_close(st);
}

static void test_lock_key_carries_token_and_ttl(void **state)
{
	tsr_store *st = open_single(1000, 7000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char name[200];
	redisReply *r;
	long long pttl;

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	key_name(name, sizeof(name), &k, "lock");
	pttl = raw_int(port_single, "PTTL %s", name);
	assert_in_range(pttl, 1, 7000);
	r = raw(port_single, "GET %s", name);
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STRING);
	assert_int_equal(r->len, 32); /* 128 bits in hex */
	freeReplyObject(r);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(raw_int(port_single, "EXISTS %s", name), 0);
	tsr_store_close(st);
}

/* A lock lifetime changed on an open store applies to the next acquisition. */
static void test_lock_ttl_changed_after_open_applies(void **state)
{
	tsr_store *st = open_single(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char name[200];
	long long pttl;

	(void) state;
	st->config.lock_ttl_ms = 1500;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	key_name(name, sizeof(name), &k, "lock");
	pttl = raw_int(port_single, "PTTL %s", name);
	assert_in_range(pttl, 1, 1500);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

static void test_touch_moves_deadline_only(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp = 0, later = wall_ms() + 900000;
	char buf[32];

	(void) state;
	create_text(st, &k, "kept", wall_ms() + 60000);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_touch(st, lock, later, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), &exp), TSR_OK);
	assert_string_equal(buf, "kept");
	assert_int_equal(exp, later);
	tsr_store_close(st);
}

static void test_destroy_release_removes_record_and_lock(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32], name[200];

	(void) state;
	create_text(st, &k, "doomed", wall_ms() + 60000);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_destroy(st, lock, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_ENOTFOUND);
	key_name(name, sizeof(name), &k, "lock");
	assert_int_equal(raw_int(port_single, "EXISTS %s", name), 0);
	tsr_store_close(st);
}

static void test_write_without_create_on_destroyed_session_is_gone(void **state)
{
	tsr_store *a = open_single(1000, 10000);
	tsr_store *b = open_single(5000, 10000);
	tsr_key k = new_key();
	tsr_lock *la = NULL, *lb = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32];

	(void) state;
	create_text(a, &k, "v1", wall_ms() + 60000);
	/* b destroys it; a, holding the next lock, must not write it back. */
	assert_int_equal(tsr_store_acquire(b, &k, TSR_LOCK_EXCLUSIVE, &lb, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_destroy(b, lb, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(b, lb), TSR_OK);
	assert_int_equal(tsr_store_acquire(a, &k, TSR_LOCK_EXCLUSIVE, &la, &rec, &exp), TSR_ENOTFOUND);
	assert_int_equal(write_text(a, la, "zombie", wall_ms() + 60000, TSR_RELEASE), TSR_EGONE);
	assert_int_equal(tsr_store_release(a, la), TSR_OK);
	assert_int_equal(read_text(a, &k, buf, sizeof(buf), NULL), TSR_ENOTFOUND);
	tsr_store_close(a);
	tsr_store_close(b);
}

static void test_none_mode_write_honours_create_rule(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32], name[200];

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_NONE, &lock, &rec, &exp), TSR_ENOTFOUND);
	key_name(name, sizeof(name), &k, "lock");
	assert_int_equal(raw_int(port_single, "EXISTS %s", name), 0);
	assert_int_equal(write_text(st, lock, "n1", wall_ms() + 60000, 0), TSR_EGONE);
	assert_int_equal(write_text(st, lock, "n1", wall_ms() + 60000, TSR_WRITE_CREATE), TSR_OK);
	assert_int_equal(write_text(st, lock, "n2", wall_ms() + 60000, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "n2");
	tsr_store_close(st);
}

static void test_read_only_refuses_write(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32];

	(void) state;
	create_text(st, &k, "ro", wall_ms() + 60000);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_READ_ONLY, &lock, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(write_text(st, lock, "changed", wall_ms() + 60000, 0), TSR_EREADONLY);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "ro");
	tsr_store_close(st);
}

/* ---- locking ----------------------------------------------------------------- */

static void test_exclusive_excludes_second_holder(void **state)
{
	tsr_store *st = open_single(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	child_report rep;
	int fds[2];
	pid_t pid;

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		tsr_store *cst;
		tsr_lock *cl = NULL;
		tsr_error e;
		child_report out = {0};

		char dsn[256];

		close(fds[0]);
		dsn_single(dsn, sizeof(dsn), NULL);
		out.rc = open_store(dsn, 0, 60000, &cst, &e);
		if (out.rc == TSR_OK) {
			out.rc = tsr_store_acquire(cst, &k, TSR_LOCK_EXCLUSIVE, &cl, &rec, &exp);
			tsr_store_release(cst, cl);
			tsr_store_close(cst);
		}
		write_full(fds[1], &out, sizeof(out));
		_exit(0);
	}
	close(fds[1]);
	read_full(fds[0], &rep, sizeof(rep));
	close(fds[0]);
	assert_int_equal(wait_child(pid), 0);
	assert_int_equal(rep.rc, TSR_ELOCKTIMEOUT);
	assert_true(lock->held);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

static void test_waiter_woken_by_release(void **state)
{
	tsr_store *st = open_single(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp, released_at;
	child_report rep;
	int fds[2];
	pid_t pid;
	char buf[32];

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		tsr_store *cst = NULL;
		tsr_lock *cl = NULL;
		tsr_error e;
		child_report out = {0};
		char dsn[256];
		int64_t t0;

		close(fds[0]);
		dsn_single(dsn, sizeof(dsn), NULL);
		out.rc = open_store(dsn, 30000, 60000, &cst, &e);
		if (out.rc == TSR_OK) {
			t0 = mono_ms();
			out.rc = tsr_store_acquire(cst, &k, TSR_LOCK_EXCLUSIVE, &cl, &rec, &exp);
			out.done_ms = mono_ms();
			out.took_ms = out.done_ms - t0;
			tsr__redis_store_stats(cst, &out.stats);
			if (out.rc == TSR_OK) {
				out.rc = write_text(cst, cl, "child", wall_ms() + 60000, TSR_RELEASE);
			}
			tsr_bytes_free(&rec);
			tsr_store_release(cst, cl);
			tsr_store_close(cst);
		}
		write_full(fds[1], &out, sizeof(out));
		_exit(0);
	}
	close(fds[1]);
	/* The child is blocked on the wake list: only a release can let it through now. */
	wait_blocked(port_single, 1);
	released_at = mono_ms(); /* before the release: the child cannot be woken earlier */
	assert_int_equal(
	    write_text(st, lock, "parent", wall_ms() + 60000, TSR_WRITE_CREATE | TSR_RELEASE), TSR_OK);
	read_full(fds[0], &rep, sizeof(rep));
	close(fds[0]);
	assert_int_equal(wait_child(pid), 0);
	assert_int_equal(rep.rc, TSR_OK);
	/* Woken by the release (a wake-up popped, no wait timed out), well under the limits. */
	assert_int_equal(rep.stats.wakeups, 1);
	assert_int_equal(rep.stats.wait_timeouts, 0);
	assert_in_range(rep.done_ms - released_at, 0, 1000);
	assert_in_range(rep.took_ms, 0, 10000);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "child");
	tsr_store_close(st);
}

static void test_wait_limit_gives_lock_timeout(void **state)
{
	tsr_store *holder = open_single(1000, 60000);
	tsr_store *waiter = open_single(300, 60000);
	tsr_key k = new_key();
	tsr_lock *lh = NULL, *lw = NULL;
	tsr_bytes rec = {0};
	tsr_redis_stats stats;
	int64_t exp, t0, took;

	(void) state;
	assert_int_equal(tsr_store_acquire(holder, &k, TSR_LOCK_EXCLUSIVE, &lh, &rec, &exp),
	                 TSR_ENOTFOUND);
	t0 = mono_ms();
	assert_int_equal(tsr_store_acquire(waiter, &k, TSR_LOCK_EXCLUSIVE, &lw, &rec, &exp),
	                 TSR_ELOCKTIMEOUT);
	took = mono_ms() - t0;
	assert_null(lw);
	assert_in_range(took, 300, 5000);
	assert_int_equal(tsr__redis_store_stats(waiter, &stats), TSR_OK);
	assert_true(stats.wait_timeouts >= 1);
	assert_int_equal(stats.wakeups, 0);
	assert_true(lh->held);
	assert_int_equal(tsr_store_release(holder, lh), TSR_OK);
	tsr_store_close(holder);
	tsr_store_close(waiter);
}

static void test_stale_holder_write_is_lost_and_newer_survives(void **state)
{
	tsr_store *stale = open_single(1000, 200);
	tsr_store *fresh = open_single(10000, 60000);
	tsr_key k = new_key();
	tsr_lock *ls = NULL, *lf = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32];

	(void) state;
	create_text(fresh, &k, "v1", wall_ms() + 60000);
	assert_int_equal(tsr_store_acquire(stale, &k, TSR_LOCK_EXCLUSIVE, &ls, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	/* The stale holder's 200 ms lock lapses; the fresh one gets it and writes. */
	assert_int_equal(tsr_store_acquire(fresh, &k, TSR_LOCK_EXCLUSIVE, &lf, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(write_text(fresh, lf, "newer", wall_ms() + 60000, 0), TSR_OK);
	assert_int_equal(write_text(stale, ls, "stale", wall_ms() + 60000, TSR_RELEASE), TSR_ELOCKLOST);
	assert_int_equal(tsr_store_release(stale, ls), TSR_OK);
	assert_int_equal(read_text(fresh, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "newer");
	/* The fresh holder's lock survived the stale one's attempts. */
	assert_int_equal(write_text(fresh, lf, "newest", wall_ms() + 60000, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(fresh, lf), TSR_OK);
	tsr_store_close(stale);
	tsr_store_close(fresh);
}

static void test_stale_holder_touch_and_destroy_are_lost(void **state)
{
	tsr_store *stale = open_single(1000, 200);
	tsr_store *fresh = open_single(10000, 60000);
	tsr_key k = new_key();
	tsr_lock *ls = NULL, *lf = NULL;
	tsr_bytes rec = {0};
	int64_t exp, deadline = wall_ms() + 60000;
	char buf[32];

	(void) state;
	create_text(fresh, &k, "v1", deadline);
	assert_int_equal(tsr_store_acquire(stale, &k, TSR_LOCK_EXCLUSIVE, &ls, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_acquire(fresh, &k, TSR_LOCK_EXCLUSIVE, &lf, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_touch(stale, ls, deadline + 1000, 0), TSR_ELOCKLOST);
	assert_int_equal(tsr_store_destroy(stale, ls, TSR_RELEASE), TSR_ELOCKLOST);
	assert_int_equal(tsr_store_release(stale, ls), TSR_OK);
	assert_int_equal(tsr_store_release(fresh, lf), TSR_OK);
	assert_int_equal(read_text(fresh, &k, buf, sizeof(buf), &exp), TSR_OK);
	assert_string_equal(buf, "v1");
	assert_int_equal(exp, deadline);
	tsr_store_close(stale);
	tsr_store_close(fresh);
}

static void test_release_never_deletes_another_holders_lock(void **state)
{
	tsr_store *stale = open_single(1000, 200);
	tsr_store *fresh = open_single(10000, 60000);
	tsr_key k = new_key();
	tsr_lock *ls = NULL, *lf = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char name[200];
	redisReply *before, *after;

	(void) state;
	assert_int_equal(tsr_store_acquire(stale, &k, TSR_LOCK_EXCLUSIVE, &ls, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(tsr_store_acquire(fresh, &k, TSR_LOCK_EXCLUSIVE, &lf, &rec, &exp),
	                 TSR_ENOTFOUND);
	key_name(name, sizeof(name), &k, "lock");
	before = raw(port_single, "GET %s", name);
	assert_non_null(before);
	assert_int_equal(before->type, REDIS_REPLY_STRING);
	assert_int_equal(tsr_store_release(stale, ls), TSR_OK);
	after = raw(port_single, "GET %s", name);
	assert_non_null(after);
	assert_int_equal(after->type, REDIS_REPLY_STRING);
	assert_string_equal(after->str, before->str);
	freeReplyObject(before);
	freeReplyObject(after);
	assert_int_equal(
	    write_text(fresh, lf, "mine", wall_ms() + 60000, TSR_WRITE_CREATE | TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(fresh, lf), TSR_OK);
	tsr_store_close(stale);
	tsr_store_close(fresh);
}

static void test_killed_holder_lock_ends_after_ttl(void **state)
{
	tsr_store *st = open_single(10000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp, t0;
	char name[200], ready;
	long long pttl;
	int fds[2], status;
	ssize_t got;
	pid_t pid;

	(void) state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		tsr_store *cst = NULL;
		tsr_lock *cl = NULL;
		tsr_error e;
		char dsn[256];
		char ok = 'n';

		close(fds[0]);
		dsn_single(dsn, sizeof(dsn), NULL);
		if (open_store(dsn, 1000, 800, &cst, &e) == TSR_OK &&
		    tsr_store_acquire(cst, &k, TSR_LOCK_EXCLUSIVE, &cl, &rec, &exp) == TSR_ENOTFOUND) {
			ok = 'y';
		}
		write_full(fds[1], &ok, 1);
		for (;;) {
			pause(); /* holds the lock until killed */
		}
	}
	close(fds[1]);
	do {
		got = read(fds[0], &ready, 1);
	} while (got < 0 && errno == EINTR);
	close(fds[0]);
	/* Kill first, so that a failed check below never leaves the child behind. */
	assert_int_equal(kill(pid, SIGKILL), 0);
	status = wait_child(pid);
	assert_int_equal(got, 1);
	assert_int_equal(ready, 'y');
	assert_true(WIFSIGNALED(status));
	key_name(name, sizeof(name), &k, "lock");
	pttl = raw_int(port_single, "PTTL %s", name);
	assert_in_range(pttl, 1, 800); /* still locked by the dead holder */
	t0 = mono_ms();
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_in_range(mono_ms() - t0, 0, 5000);
	assert_true(lock->held);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

static void test_wake_list_capped_and_short_lived(void **state)
{
	tsr_store *st = open_single(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char name[200];
	int i;

	(void) state;
	/* Ten releases with nobody waiting leave a few wake-ups that soon expire, not ten. */
	for (i = 0; i < 10; i++) {
		assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
		                 TSR_ENOTFOUND);
		assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	}
	key_name(name, sizeof(name), &k, "wake");
	assert_int_equal(raw_int(port_single, "LLEN %s", name), 4);
	assert_in_range(raw_int(port_single, "PTTL %s", name), 1, 5000);
	tsr_store_close(st);
}

static void test_noscript_recovered_after_script_flush(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_redis_stats stats;
	redisReply *r;
	char buf[32];

	(void) state;
	create_text(st, &k, "before", wall_ms() + 60000);
	r = raw(port_single, "SCRIPT FLUSH");
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STATUS);
	freeReplyObject(r);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "before");
	assert_int_equal(tsr__redis_store_stats(st, &stats), TSR_OK);
	assert_int_equal(stats.noscript, 1);
	tsr_store_close(st);
}

/* ---- connections ------------------------------------------------------------- */

static void test_auth_with_acl_user(void **state)
{
	char dsn[256];
	tsr_store *st;
	tsr_key k = new_key();
	redisReply *r;
	char buf[32];

	(void) state;
	r = raw(port_single, "ACL SETUSER tsrtest reset on >s3cret-pw ~* &* +@all");
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STATUS);
	freeReplyObject(r);
	snprintf(dsn, sizeof(dsn), "redis://tsrtest:s3cret-pw@127.0.0.1:%d?prefix=%s", port_single,
	         prefix);
	st = open_ok(dsn, 1000, 10000);
	create_text(st, &k, "acl", wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "acl");
	tsr_store_close(st);
}

static void test_auth_wrong_password_is_clear_error(void **state)
{
	char dsn[256];
	tsr_store *st = NULL;
	tsr_error e;
	redisReply *r;
	int rc;

	(void) state;
	r = raw(port_single, "ACL SETUSER tsrtest reset on >s3cret-pw ~* &* +@all");
	assert_non_null(r);
	freeReplyObject(r);
	snprintf(dsn, sizeof(dsn), "redis://tsrtest:WRONG-pw@127.0.0.1:%d", port_single);
	tsr_error_clear(&e);
	rc = open_store(dsn, 1000, 10000, &st, &e);
	assert_int_equal(rc, TSR_EUNREACHABLE);
	assert_null(st);
	if (strstr(e.errstr, "AUTH refused") == NULL || strstr(e.errstr, "WRONGPASS") == NULL) {
		fail_msg("unclear message: %s", e.errstr);
	}
	assert_null(strstr(e.errstr, "WRONG-pw"));
}

static void test_auth_password_only(void **state)
{
	char dsn[256];
	tsr_store *st;
	tsr_key k = new_key();
	char buf[32];

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://:%s@127.0.0.1:%d?prefix=%s", AUTH_PASSWORD, port_auth,
	         prefix);
	st = open_ok(dsn, 1000, 10000);
	create_text(st, &k, "pw", wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "pw");
	tsr_store_close(st);
}

static void test_auth_password_only_wrong(void **state)
{
	char dsn[256];
	tsr_store *st = NULL;
	tsr_error e;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://:nope@127.0.0.1:%d", port_auth);
	assert_int_equal(open_store(dsn, 1000, 10000, &st, &e), TSR_EUNREACHABLE);
	assert_non_null(strstr(e.errstr, "AUTH refused"));
}

static void test_select_db(void **state)
{
	char dsn[256], name[200];
	tsr_store *st;
	tsr_key k = new_key();
	redisContext *c;
	redisReply *r;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://127.0.0.1:%d/3?prefix=%s", port_single, prefix);
	st = open_ok(dsn, 1000, 10000);
	create_text(st, &k, "db3", wall_ms() + 60000);
	tsr_store_close(st);
	key_name(name, sizeof(name), &k, "rec");
	assert_int_equal(raw_int(port_single, "EXISTS %s", name), 0); /* not in db 0 */
	c = redisConnect("127.0.0.1", port_single);
	assert_non_null(c);
	assert_int_equal(c->err, 0);
	r = redisCommand(c, "SELECT 3");
	assert_non_null(r);
	freeReplyObject(r);
	r = redisCommand(c, "GET %s", name);
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STRING);
	assert_string_equal(r->str, "db3");
	freeReplyObject(r);
	redisFree(c);
}

static void test_select_missing_db_is_clear_error(void **state)
{
	char dsn[256];
	tsr_store *st = NULL;
	tsr_error e;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://127.0.0.1:%d/4000", port_single);
	assert_int_equal(open_store(dsn, 1000, 10000, &st, &e), TSR_EUNREACHABLE);
	assert_non_null(strstr(e.errstr, "SELECT 4000 refused"));
}

static void test_unix_socket(void **state)
{
	char dsn[700], name[200];
	tsr_store *st;
	tsr_key k = new_key();
	redisContext *c;
	redisReply *r;
	char buf[32];

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis+unix://%s/single/redis.sock?db=2&prefix=%s", server_dir,
	         prefix);
	st = open_ok(dsn, 1000, 10000);
	create_text(st, &k, "unix", wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "unix");
	tsr_store_close(st);
	key_name(name, sizeof(name), &k, "rec");
	c = redisConnect("127.0.0.1", port_single);
	assert_non_null(c);
	r = redisCommand(c, "SELECT 2");
	freeReplyObject(r);
	r = redisCommand(c, "EXISTS %s", name);
	assert_int_equal(r->integer, 1);
	freeReplyObject(r);
	redisFree(c);
}

static void test_unix_socket_missing_is_unreachable(void **state)
{
	char dsn[700];
	tsr_store *st = NULL;
	tsr_error e;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis+unix://%s/nowhere.sock", server_dir);
	assert_int_equal(open_store(dsn, 1000, 10000, &st, &e), TSR_EUNREACHABLE);
	assert_non_null(strstr(e.errstr, "nowhere.sock"));
}

/*
 * Shuts the single server down (SHUTDOWN NOSAVE) and waits until its
 * process has exited, so that every socket it had is closed.
 */
static void stop_single(void)
{
	char path[600];
	FILE *f;
	long pid = 0;
	redisReply *r;
	int64_t limit = mono_ms() + 10000;
	struct timespec ts = {0, 5 * 1000000L};

	snprintf(path, sizeof(path), "%s/single/redis.pid", server_dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld", &pid), 1);
	fclose(f);
	assert_true(pid > 1);
	r = raw(port_single, "SHUTDOWN NOSAVE");
	if (r != NULL) {
		freeReplyObject(r);
	}
	while (kill((pid_t) pid, 0) == 0) {
		if (mono_ms() > limit) {
			fail_msg("redis (pid %ld) still running after SHUTDOWN", pid);
		}
		nanosleep(&ts, NULL);
	}
}

/* Teardown of the tests that stop the server: start it again whatever happened. */
static int restart_servers(void **state)
{
	(void) state;
	return run_servers_script() == 0 ? 0 : -1;
}

/*
 * A stand-in server on 'lfd' for one connection: answers the first command
 * with [1] (lock taken, no record), reads 64 KiB of the second, then sends
 * FIN and closes with data unread (RST). Exit status 0 when it got that far.
 */
static int fake_server(int lfd)
{
	static const char taken[] = "*1\r\n:1\r\n";
	char buf[65536];
	size_t got = 0;
	int fd = accept(lfd, NULL, NULL);
	ssize_t n;

	if (fd < 0) {
		return 1;
	}
	n = read(fd, buf, sizeof(buf));
	if (n <= 0 || write(fd, taken, sizeof(taken) - 1) != (ssize_t) sizeof(taken) - 1) {
		return 2;
	}
	while (got < sizeof(buf)) {
		n = read(fd, buf, sizeof(buf) - got);
		if (n <= 0) {
			return 3;
		}
		got += (size_t) n;
	}
	shutdown(fd, SHUT_WR);
	close(fd);
	return 0;
}

static void test_server_closing_mid_write_raises_no_sigpipe(void **state)
{
	struct sockaddr_in addr = {0};
	socklen_t alen = sizeof(addr);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	tsr_store *st;
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	size_t n = 32u << 20;
	uint8_t *big = malloc(n);
	struct tsr_store_write w;
	char dsn[128];
	int status;
	pid_t pid;

	(void) state;
	assert_true(lfd >= 0);
	assert_non_null(big);
	memset(big, 'x', n);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *) &addr, sizeof(addr)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *) &addr, &alen), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		_exit(fake_server(lfd));
	}
	close(lfd);
	snprintf(dsn, sizeof(dsn), "redis://127.0.0.1:%d", ntohs(addr.sin_port));
	st = open_ok(dsn, 1000, 10000);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	/* The write meets a closed connection (EPIPE): an error, not a SIGPIPE that kills us. */
	w = (struct tsr_store_write){big, n, wall_ms() + 60000, NULL, TSR_WRITE_CREATE | TSR_RELEASE};
	assert_int_equal(tsr_store_write(st, lock, &w), TSR_EUNREACHABLE);
	free(big);
	status = wait_child(pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

/* A stand-in server on 'lfd' that answers one command with 'reply' and closes. */
static int fake_reply_server(int lfd, const char *reply)
{
	char buf[4096];
	int fd = accept(lfd, NULL, NULL);
	size_t len = strlen(reply);

	if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0 || write(fd, reply, len) != (ssize_t) len) {
		return 1;
	}
	/* Wait for the client to hang up, so the reply is read before any close. */
	while (read(fd, buf, sizeof(buf)) > 0) {
	}
	close(fd);
	return 0;
}

/* Acquires (EXCLUSIVE) against a stand-in server answering 'reply'; returns the code. */
static int acquire_against(const char *reply, char *msg, size_t msg_size)
{
	struct sockaddr_in addr = {0};
	socklen_t alen = sizeof(addr);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), rc, status;
	tsr_store *st;
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char dsn[128];
	pid_t pid;

	assert_true(lfd >= 0);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *) &addr, sizeof(addr)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *) &addr, &alen), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		_exit(fake_reply_server(lfd, reply));
	}
	close(lfd);
	snprintf(dsn, sizeof(dsn), "redis://127.0.0.1:%d", ntohs(addr.sin_port));
	st = open_ok(dsn, 1000, 10000);
	rc = tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp);
	snprintf(msg, msg_size, "%s", tsr_store_error(st)->errstr);
	tsr_bytes_free(&rec);
	tsr_store_release(st, lock);
	tsr_store_close(st);
	status = wait_child(pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return rc;
}

static void test_malformed_server_replies_refused(void **state)
{
	static const char *const replies[] = {
	    ":5\r\n",                              /* not an array */
	    "*0\r\n",                              /* empty */
	    "*1\r\n$3\r\nabc\r\n",                 /* status not an integer */
	    "*3\r\n:1\r\n:7\r\n:0\r\n",            /* record not a string */
	    "*2\r\n:1\r\n$1\r\nx\r\n",             /* record without deadline */
	    "*2\r\n:0\r\n$2\r\n10\r\n",            /* busy, but the ttl is no integer */
	    "*4\r\n:1\r\n$1\r\nx\r\n:1\r\n:1\r\n", /* too many elements */
	};
	char msg[TSR_ERRSTR_SIZE];
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(replies) / sizeof(replies[0]); i++) {
		int rc = acquire_against(replies[i], msg, sizeof(msg));

		if (rc != TSR_EIO || strstr(msg, "unexpected reply") == NULL) {
			fail_msg("reply %zu: got %s (%s), want TSR_EIO (unexpected reply)", i, tsr_errname(rc),
			         msg);
		}
	}
}

static void test_server_error_reply_reported(void **state)
{
	char msg[TSR_ERRSTR_SIZE];

	(void) state;
	assert_int_equal(acquire_against("-ERR something broke\r\n", msg, sizeof(msg)), TSR_EIO);
	assert_non_null(strstr(msg, "acquire: ERR something broke"));
	assert_int_equal(acquire_against("-LOADING dataset\r\n", msg, sizeof(msg)), TSR_EUNREACHABLE);
}

/* Teardown: back to the default query buffer limit. */
static int restore_query_limit(void **state)
{
	redisReply *r = raw(port_single, "CONFIG SET client-query-buffer-limit 1gb");

	(void) state;
	if (r == NULL) {
		return -1;
	}
	freeReplyObject(r);
	return 0;
}

static void test_connection_closed_mid_write_is_unreachable(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	size_t n = 32u << 20;
	uint8_t *big = malloc(n);
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	struct tsr_store_write w;
	redisReply *r;
	char buf[32];

	(void) state;
	assert_non_null(big);
	memset(big, 'x', n);
	r = raw(port_single, "CONFIG SET client-query-buffer-limit 1mb");
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STATUS);
	freeReplyObject(r);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	/*
	 * The server drops the connection while the write is still being sent:
	 * the driver's next write() gets EPIPE. The process must not die of
	 * SIGPIPE, and the call must report the lost connection.
	 */
	w = (struct tsr_store_write){big, n, wall_ms() + 60000, NULL, TSR_WRITE_CREATE};
	assert_int_equal(tsr_store_write(st, lock, &w), TSR_EUNREACHABLE);
	free(big);
	assert_int_equal(restore_query_limit(NULL), 0);
	/* Nothing was written; the lock is still ours, through a new connection. */
	assert_int_equal(
	    write_text(st, lock, "small", wall_ms() + 60000, TSR_WRITE_CREATE | TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "small");
	tsr_store_close(st);
}

static void test_server_down_unreachable_then_back(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32], expect[128];
	tsr_store *st2 = NULL;
	tsr_error e;
	char dsn[256];

	(void) state;
	create_text(st, &k, "v1", wall_ms() + 60000);
	stop_single();
	snprintf(expect, sizeof(expect), "redis 127.0.0.1:%d: Connection refused", port_single);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_EUNREACHABLE);
	assert_null(lock);
	assert_string_equal(tsr_store_error(st)->errstr, expect);
	dsn_single(dsn, sizeof(dsn), NULL);
	assert_int_equal(open_store(dsn, 1000, 1000, &st2, &e), TSR_EUNREACHABLE);
	assert_string_equal(e.errstr, expect);

	assert_int_equal(run_servers_script(), 0);
	/* Same handle, no manual step: it reconnects. The data did not survive (no persistence). */
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_ENOTFOUND);
	create_text(st, &k, "v2", wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "v2");
	tsr_store_close(st);
}

static void test_restart_between_calls_reconnects_silently(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_redis_stats stats;
	char buf[32];

	(void) state;
	create_text(st, &k, "v1", wall_ms() + 60000);
	stop_single();
	assert_int_equal(run_servers_script(), 0);
	/* The idle connection died with the server: the next call replaces it and succeeds. */
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_ENOTFOUND);
	assert_int_equal(tsr__redis_store_stats(st, &stats), TSR_OK);
	assert_int_equal(stats.connects, 2);
	tsr_store_close(st);
}

static void test_persistent_connection_reused(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	tsr_redis_stats stats;
	char buf[32];

	(void) state;
	create_text(st, &k, "a", wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_int_equal(tsr__redis_store_stats(st, &stats), TSR_OK);
	assert_int_equal(stats.connects, 1);
	tsr_store_close(st);
}

static void test_not_persistent_closes_when_idle(void **state)
{
	char dsn[256];
	tsr_store *st;
	tsr_key k = new_key();
	tsr_redis_stats stats;
	char buf[32];

	(void) state;
	dsn_single(dsn, sizeof(dsn), "&persistent=0");
	st = open_ok(dsn, 1000, 10000);
	create_text(st, &k, "a", wall_ms() + 60000); /* one connection: acquire .. release */
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_int_equal(tsr__redis_store_stats(st, &stats), TSR_OK);
	/* open, the create (held across acquire/write/release) and the read. */
	assert_int_equal(stats.connects, 3);
	tsr_store_close(st);
}

/* ---- gc and list ----------------------------------------------------------------- */

typedef struct list_seen {
	int count;
	int stop_after;
	tsr_key keys[16];
} list_seen;

static int list_visit(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                      int64_t expires_at)
{
	list_seen *seen = arg;

	(void) record;
	(void) len;
	assert_true(expires_at > 0);
	if (seen->count < 16) {
		seen->keys[seen->count] = *key;
	}
	seen->count++;
	return seen->stop_after > 0 && seen->count >= seen->stop_after;
}

static bool seen_has(const list_seen *seen, const tsr_key *k)
{
	int i;

	for (i = 0; i < seen->count && i < 16; i++) {
		if (memcmp(seen->keys[i].bytes, k->bytes, TSR_KEY_LEN) == 0) {
			return true;
		}
	}
	return false;
}

/* Creates session 'k' holding an encoded record of user 'user' (NULL: none). */
static void create_record(tsr_store *st, const tsr_key *k, const char *user, int64_t expires_at)
{
	tsr_record rec;
	tsr_bytes enc = {0};
	tsr_error e;
	tsr_lock *lock = NULL;
	tsr_bytes old = {0};
	int64_t exp;
	struct tsr_store_write w;

	tsr_record_init(&rec);
	memcpy(rec.key, k->bytes, TSR_KEY_LEN);
	rec.created_at = rec.last_active = wall_ms();
	rec.idle_timeout = 600;
	if (user != NULL) {
		assert_int_equal(tsr_bytes_set(&rec.user_id, user, strlen(user)), TSR_OK);
	}
	assert_int_equal(tsr_record_encode(&rec, &enc, &e), TSR_OK);
	tsr_record_clear(&rec);
	assert_int_equal(tsr_store_acquire(st, k, TSR_LOCK_EXCLUSIVE, &lock, &old, &exp),
	                 TSR_ENOTFOUND);
	w = (struct tsr_store_write){enc.data, enc.len, expires_at, user,
	                             TSR_WRITE_CREATE | TSR_RELEASE};
	assert_int_equal(tsr_store_write(st, lock, &w), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_bytes_free(&enc);
}

/* Opens the single server with a prefix of its own, so gc and list see only this test's keys. */
static tsr_store *open_isolated(void)
{
	char dsn[256];
	uint32_t tag;

	assert_int_equal(getrandom(&tag, sizeof(tag), 0), sizeof(tag));
	snprintf(dsn, sizeof(dsn), "redis://127.0.0.1:%d?prefix=%siso%08x:", port_single, prefix, tag);
	return open_ok(dsn, 1000, 10000);
}

static void test_list_all_and_by_user(void **state)
{
	tsr_store *st = open_isolated();
	tsr_key a1 = new_key(), a2 = new_key(), b = new_key(), anon = new_key();
	int64_t deadline = wall_ms() + 60000;
	list_seen seen = {0};

	(void) state;
	create_record(st, &a1, "alice", deadline);
	create_record(st, &a2, "alice", deadline);
	create_record(st, &b, "bob", deadline);
	create_record(st, &anon, NULL, deadline);
	assert_int_equal(tsr_store_list(st, NULL, list_visit, &seen), TSR_OK);
	assert_int_equal(seen.count, 4);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(tsr_store_list(st, "alice", list_visit, &seen), TSR_OK);
	assert_int_equal(seen.count, 2);
	assert_true(seen_has(&seen, &a1));
	assert_true(seen_has(&seen, &a2));
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(tsr_store_list(st, "carol", list_visit, &seen), TSR_OK);
	assert_int_equal(seen.count, 0);
	tsr_store_close(st);
}

static void test_list_stops_when_visitor_says_so(void **state)
{
	tsr_store *st = open_isolated();
	tsr_key k1 = new_key(), k2 = new_key(), k3 = new_key();
	int64_t deadline = wall_ms() + 60000;
	list_seen seen = {0};

	(void) state;
	create_record(st, &k1, "u", deadline);
	create_record(st, &k2, "u", deadline);
	create_record(st, &k3, "u", deadline);
	seen.stop_after = 1;
	assert_int_equal(tsr_store_list(st, NULL, list_visit, &seen), TSR_OK);
	assert_int_equal(seen.count, 1);
	tsr_store_close(st);
}

static void test_gc_deletes_only_unlocked_past_deadline(void **state)
{
	tsr_store *st = open_isolated();
	tsr_key old = new_key(), live = new_key(), locked = new_key();
	int64_t now = wall_ms();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	uint64_t deleted = 99;
	char buf[32];

	(void) state;
	create_text(st, &old, "old", now + 10000);
	create_text(st, &live, "live", now + 100000);
	create_text(st, &locked, "locked", now + 10000);
	assert_int_equal(tsr_store_acquire(st, &locked, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	/* As seen from 50 s ahead, 'old' and 'locked' are past their deadline. */
	assert_int_equal(tsr_store_gc(st, now + 50000, &deleted), TSR_OK);
	assert_int_equal(deleted, 1);
	assert_int_equal(read_text(st, &old, buf, sizeof(buf), NULL), TSR_ENOTFOUND);
	assert_int_equal(read_text(st, &live, buf, sizeof(buf), NULL), TSR_OK);
	assert_int_equal(read_text(st, &locked, buf, sizeof(buf), NULL), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(tsr_store_gc(st, now, &deleted), TSR_OK);
	assert_int_equal(deleted, 0);
	tsr_store_close(st);
}

/* ---- concurrency ------------------------------------------------------------------- */

#define N_CLIENTS 20
#define N_INCREMENTS 10

/* One client: N_INCREMENTS x (acquire, +1, write + release). Exit status 0 when all went well. */
static int increment_child(const tsr_key *k)
{
	tsr_store *st = NULL;
	tsr_error e;
	char dsn[256];
	int i;

	dsn_single(dsn, sizeof(dsn), NULL);
	if (open_store(dsn, 30000, 10000, &st, &e) != TSR_OK) {
		return 10;
	}
	for (i = 0; i < N_INCREMENTS; i++) {
		tsr_lock *lock = NULL;
		tsr_bytes rec = {0};
		int64_t exp;
		char num[32];
		long n = 0;
		int rc = tsr_store_acquire(st, k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp);

		if (rc == TSR_OK) {
			if (rec.len == 0 || rec.len >= sizeof(num)) {
				return 11;
			}
			memcpy(num, rec.data, rec.len);
			num[rec.len] = '\0';
			n = strtol(num, NULL, 10);
		} else if (rc != TSR_ENOTFOUND) {
			return 12;
		}
		tsr_bytes_free(&rec);
		snprintf(num, sizeof(num), "%ld", n + 1);
		if (write_text(st, lock, num, wall_ms() + 60000, TSR_WRITE_CREATE | TSR_RELEASE) !=
		    TSR_OK) {
			return 13;
		}
		tsr_store_release(st, lock);
	}
	tsr_store_close(st);
	return 0;
}

static void test_concurrent_increments_lose_nothing(void **state)
{
	tsr_store *st = open_single(1000, 10000);
	tsr_key k = new_key();
	pid_t pids[N_CLIENTS];
	int i, status;
	char buf[32];

	(void) state;
	for (i = 0; i < N_CLIENTS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			_exit(increment_child(&k));
		}
	}
	for (i = 0; i < N_CLIENTS; i++) {
		status = wait_child(pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "200");
	tsr_store_close(st);
}

/* ---- main ------------------------------------------------------------------------------ */

/*
 * Serialises the redis test programs: they share the servers, and some
 * tests stop, restart or reshard them. Takes an exclusive flock on
 * <dir>/tests.lock and keeps it until the process exits.
 */
static int lock_servers(const char *dir)
{
	char path[600];
	int fd;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		return -1;
	}
	snprintf(path, sizeof(path), "%s/tests.lock", dir);
	fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		return -1;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return 0; /* 'fd' stays open: the lock lasts until exit */
}

static int group_setup(void **state)
{
	const char *dir = getenv("TSR_REDIS_DIR");
	const char *tmp = getenv("TMPDIR");

	(void) state;
	port_single = env_int("TSR_REDIS_PORT", 6390);
	port_auth = env_int("TSR_REDIS_AUTH_PORT", 6391);
	if (dir != NULL && *dir != '\0') {
		snprintf(server_dir, sizeof(server_dir), "%s", dir);
	} else {
		snprintf(server_dir, sizeof(server_dir), "%s/tessera-redis-%u",
		         tmp != NULL && *tmp != '\0' ? tmp : "/tmp", (unsigned) getuid());
	}
	snprintf(prefix, sizeof(prefix), "tsrtest:%d:", (int) getpid());
	if (lock_servers(server_dir) != 0) {
		fprintf(stderr, "test_store_redis: cannot lock %s/tests.lock\n", server_dir);
		return -1;
	}
	if (getenv("TSR_REDIS_NO_START") == NULL && run_servers_script() != 0) {
		fprintf(stderr, "test_store_redis: scripts/redis-test-servers.sh start failed\n");
		return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dsn_unknown_option_named),
	    cmocka_unit_test(test_dsn_timeout_zero_refused),
	    cmocka_unit_test(test_dsn_timeout_not_a_number_refused),
	    cmocka_unit_test(test_dsn_prefix_unsafe_char_refused),
	    cmocka_unit_test(test_dsn_persistent_must_be_bit),
	    cmocka_unit_test(test_dsn_decimal_timeouts_accepted),
	    cmocka_unit_test(test_dsn_user_without_password_refused),
	    cmocka_unit_test(test_slot_matches_cluster_spec_vectors),
	    cmocka_unit_test(test_session_keys_share_one_slot),
	    cmocka_unit_test(test_round_trip_binary_record),
	    cmocka_unit_test(test_unknown_session_not_found),
	    cmocka_unit_test(test_record_expires_at_deadline),
	    cmocka_unit_test(test_lock_key_carries_token_and_ttl),
	    cmocka_unit_test(test_lock_ttl_changed_after_open_applies),
	    cmocka_unit_test(test_touch_moves_deadline_only),
	    cmocka_unit_test(test_destroy_release_removes_record_and_lock),
	    cmocka_unit_test(test_write_without_create_on_destroyed_session_is_gone),
	    cmocka_unit_test(test_none_mode_write_honours_create_rule),
	    cmocka_unit_test(test_read_only_refuses_write),
	    cmocka_unit_test(test_exclusive_excludes_second_holder),
	    cmocka_unit_test(test_waiter_woken_by_release),
	    cmocka_unit_test(test_wait_limit_gives_lock_timeout),
	    cmocka_unit_test(test_stale_holder_write_is_lost_and_newer_survives),
	    cmocka_unit_test(test_stale_holder_touch_and_destroy_are_lost),
	    cmocka_unit_test(test_release_never_deletes_another_holders_lock),
	    cmocka_unit_test(test_killed_holder_lock_ends_after_ttl),
	    cmocka_unit_test(test_wake_list_capped_and_short_lived),
	    cmocka_unit_test(test_noscript_recovered_after_script_flush),
	    cmocka_unit_test(test_auth_with_acl_user),
	    cmocka_unit_test(test_auth_wrong_password_is_clear_error),
	    cmocka_unit_test(test_auth_password_only),
	    cmocka_unit_test(test_auth_password_only_wrong),
	    cmocka_unit_test(test_select_db),
	    cmocka_unit_test(test_select_missing_db_is_clear_error),
	    cmocka_unit_test(test_unix_socket),
	    cmocka_unit_test(test_unix_socket_missing_is_unreachable),
	    cmocka_unit_test(test_persistent_connection_reused),
	    cmocka_unit_test(test_not_persistent_closes_when_idle),
	    cmocka_unit_test(test_list_all_and_by_user),
	    cmocka_unit_test(test_list_stops_when_visitor_says_so),
	    cmocka_unit_test(test_gc_deletes_only_unlocked_past_deadline),
	    cmocka_unit_test(test_concurrent_increments_lose_nothing),
	    cmocka_unit_test(test_server_closing_mid_write_raises_no_sigpipe),
	    cmocka_unit_test(test_malformed_server_replies_refused),
	    cmocka_unit_test(test_server_error_reply_reported),
	    cmocka_unit_test_teardown(test_connection_closed_mid_write_is_unreachable,
	                              restore_query_limit),
	    cmocka_unit_test_teardown(test_server_down_unreachable_then_back, restart_servers),
	    cmocka_unit_test_teardown(test_restart_between_calls_reconnects_silently, restart_servers),
	};

	return cmocka_run_group_tests_name("store_redis", tests, group_setup, NULL);
}
