/*
 * Unit tests of the redis store driver, against real redis-server
 * processes on 127.0.0.1 started by scripts/redis-test-servers.sh (each
 * group's setup runs "start", which is idempotent; set TSR_REDIS_NO_START=1
 * to skip it). One program, three groups, one target each:
 *
 *   store_redis          the single server over TCP (6390): the shared
 *                        cases, plus DSNs, AUTH (6391 and ACL users),
 *                        databases, restarts, stand-in servers
 *   store_redis_unix     the same server over its unix socket: the shared
 *                        cases
 *   store_redis_cluster  three masters (7101-7103): the shared cases, plus
 *                        slots, redirections (migrations made here with
 *                        CLUSTER SETSLOT and MIGRATE), every master covered
 *
 * The shared cases (the "shared" list in main) reach the target through
 * open_target(), dsn_make() and key_port(), which asks the cluster which
 * node serves a key, so no case assumes a slot's owner. Locking tests order
 * processes with fork(), pipes and waitpid(), never with sleeps; where a
 * test must know that a waiter is blocked, it asks the server (INFO
 * clients: blocked_clients). Runs of the redis test programs are
 * serialised by a lock file beside the servers (lock_servers), since some
 * tests stop, restart or reshard the shared servers.
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
#include <poll.h>
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
#include "support.h"
#include "tessera/record.h"
#include "tessera/store.h"

#define AUTH_PASSWORD "tessera-test-pw"
#define N_NODES 3
/* The per-user index's expiry step (lib/src/redis_internal.h), in ms. */
#define USER_STEP_MS INT64_C(3600000)

typedef enum target_kind { TARGET_TCP, TARGET_UNIX, TARGET_CLUSTER } target_kind;

static target_kind target;
static int port_single;
static int port_auth;
static int ports[N_NODES];
static char server_dir[512];
static char prefix[64];

/* ---- helpers ---------------------------------------------------------- */

/* Fails with both codes and the store's message when 'call' does not return 'want'. */
#define assert_rc(st, call, want)                                                                  \
	do {                                                                                           \
		int rc_ = (call);                                                                          \
		if (rc_ != (want)) {                                                                       \
			fail_msg("%s: got %s, want %s (%s)", #call, tsr_errname(rc_), tsr_errname(want),       \
			         tsr_store_error(st)->errstr);                                                 \
		}                                                                                          \
	} while (0)

static int env_int(const char *name, int def)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? atoi(v) : def;
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

	snprintf(cmd, sizeof(cmd), "%s start",
	         script != NULL ? script : "scripts/redis-test-servers.sh");
	return system(cmd);
}

/* Teardown of the tests that stop the server or reshard the cluster: start it all again. */
static int restart_servers(void **state)
{
	(void) state;
	return run_servers_script() == 0 ? 0 : -1;
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

/* The DSN of this group's target with key prefix 'pfx' (NULL: this run's) and 'extra' options. */
static void dsn_make(char *buf, size_t size, const char *pfx, const char *extra)
{
	pfx = pfx != NULL ? pfx : prefix;
	extra = extra != NULL ? extra : "";
	switch (target) {
	case TARGET_TCP:
		snprintf(buf, size, "redis://127.0.0.1:%d?prefix=%s%s", port_single, pfx, extra);
		break;
	case TARGET_UNIX:
		snprintf(buf, size, "redis+unix://%s/single/redis.sock?prefix=%s%s", server_dir, pfx,
		         extra);
		break;
	case TARGET_CLUSTER:
		snprintf(buf, size, "redis+cluster://127.0.0.1:%d,127.0.0.1:%d,127.0.0.1:%d?prefix=%s%s",
		         ports[0], ports[1], ports[2], pfx, extra);
		break;
	}
}

static tsr_store *open_target(int wait_ms, int ttl_ms)
{
	char dsn[700];

	dsn_make(dsn, sizeof(dsn), NULL, NULL);
	return open_ok(dsn, wait_ms, ttl_ms);
}

/* Opens the target with a prefix of its own (stored in 'pfx'), so gc and list see only its keys. */
static tsr_store *open_isolated(char *pfx, size_t size)
{
	char dsn[700];
	uint32_t tag;

	assert_int_equal(getrandom(&tag, sizeof(tag), 0), sizeof(tag));
	snprintf(pfx, size, "%siso%08x:", prefix, tag);
	dsn_make(dsn, sizeof(dsn), pfx, NULL);
	return open_ok(dsn, 1000, 10000);
}

/* Writes 'text' as the record of the session 'lock' holds, with 'flags'. */
static int write_text(tsr_store *st, tsr_lock *lock, const char *text, int64_t expires_at,
                      unsigned flags)
{
	struct tsr_store_write w = {(const uint8_t *) text, strlen(text), expires_at, NULL, flags};

	return tsr_store_write(st, lock, &w);
}

/* Acquires 'k' EXCLUSIVE on 'st'; returns the lock (the record is dropped). */
static tsr_lock *lock_session(tsr_store *st, const tsr_key *k)
{
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	int rc = tsr_store_acquire(st, k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp);

	if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
		fail_msg("acquire: %s: %s", tsr_errname(rc), tsr_store_error(st)->errstr);
	}
	tsr_bytes_free(&rec);
	return lock;
}

/* Acquires the existing session 'k' EXCLUSIVE on 'st' (it must be found); returns the lock. */
static tsr_lock *lock_found(tsr_store *st, const tsr_key *k)
{
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;

	assert_rc(st, tsr_store_acquire(st, k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	return lock;
}

/* Creates session 'key' holding 'text' (acquire, write CREATE + RELEASE). */
static void create_text(tsr_store *st, const tsr_key *key, const char *text, int64_t expires_at)
{
	tsr_lock *lock = lock_session(st, key);

	assert_rc(st, write_text(st, lock, text, expires_at, TSR_WRITE_CREATE | TSR_RELEASE), TSR_OK);
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

/* Runs a command that must answer +OK. */
static void raw_ok(int port, const char *fmt, ...)
{
	redisContext *c = redisConnect("127.0.0.1", port);
	redisReply *r;
	va_list ap;

	assert_non_null(c);
	assert_int_equal(c->err, 0);
	va_start(ap, fmt);
	r = redisvCommand(c, fmt, ap);
	va_end(ap);
	assert_non_null(r);
	if (r->type != REDIS_REPLY_STATUS) {
		fail_msg("%s on %d: %s", fmt, port, r->type == REDIS_REPLY_ERROR ? r->str : "?");
	}
	freeReplyObject(r);
	redisFree(c);
}

static long long raw_int(int port, const char *fmt, const char *arg)
{
	redisReply *r = raw(port, fmt, arg);
	long long v;

	assert_non_null(r);
	if (r->type != REDIS_REPLY_INTEGER) {
		fail_msg("%s %s on %d: reply type %d (%s)", fmt, arg, port, r->type,
		         r->type == REDIS_REPLY_ERROR ? r->str : "");
	}
	v = r->integer;
	freeReplyObject(r);
	return v;
}

/* The name of key 'suffix' ("rec", "lock", "wake") of session 'k' under key prefix 'pfx'. */
static void key_name_in(char *buf, size_t size, const char *pfx, const tsr_key *k,
                        const char *suffix)
{
	snprintf(buf, size, "%s{%s}:%s", pfx, k->hex, suffix);
}

/* The same under this run's prefix. */
static void key_name(char *buf, size_t size, const tsr_key *k, const char *suffix)
{
	key_name_in(buf, size, prefix, k, suffix);
}

/* The name of user 'user's set under key prefix 'pfx': "<pfx>u:{<SHA-256 hex>}". */
static void user_set_name(char *buf, size_t size, const char *pfx, const char *user)
{
	tsr_key h;

	assert_int_equal(tsr_key_from_sid(user, strlen(user), &h, NULL), TSR_OK);
	snprintf(buf, size, "%su:{%s}", pfx, h.hex);
}

static unsigned key_slot(const tsr_key *k)
{
	return tsr__redis_key_slot(k->hex, TSR_KEY_HEX_LEN);
}

/* The port of the master that serves 'slot', asked of the node at 'ask_port'. */
static int owner_port(unsigned slot, int ask_port)
{
	redisReply *r = raw(ask_port, "CLUSTER SLOTS");
	int port = -1;
	size_t i;

	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_ARRAY);
	for (i = 0; i < r->elements; i++) {
		redisReply *ent = r->element[i];

		if ((long long) slot >= ent->element[0]->integer &&
		    (long long) slot <= ent->element[1]->integer) {
			port = (int) ent->element[2]->element[1]->integer;
		}
	}
	freeReplyObject(r);
	if (port < 0) {
		fail_msg("nobody serves slot %u", slot);
	}
	return port;
}

/* The port of the server that holds the key 'name' on this group's target. */
static int key_port(const char *name)
{
	if (target != TARGET_CLUSTER) {
		return port_single;
	}
	return owner_port(tsr__redis_key_slot(name, strlen(name)), ports[0]);
}

/* Runs "'fmt' 'key'" (one %s) where 'key' lives and returns its integer reply. */
static long long key_int(const char *fmt, const char *key)
{
	return raw_int(key_port(key), fmt, key);
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
	int64_t limit = tsr_test_mono_ms() + 10000;
	struct timespec ts = {0, 2 * 1000000L};

	while (blocked_clients(port) < n) {
		if (tsr_test_mono_ms() > limit) {
			fail_msg("no client blocked on port %d after 10 s", port);
		}
		nanosleep(&ts, NULL);
	}
}

/* Waits (bounded, 10 s) until at most 'n' clients are blocked on the server at 'port'. */
static void wait_unblocked(int port, int n)
{
	int64_t limit = tsr_test_mono_ms() + 10000;
	struct timespec ts = {0, 2 * 1000000L};

	while (blocked_clients(port) > n) {
		if (tsr_test_mono_ms() > limit) {
			fail_msg("still more than %d clients blocked on port %d after 10 s", n, port);
		}
		nanosleep(&ts, NULL);
	}
}

/* What a child reports through its pipe. */
typedef struct child_report {
	int rc;
	int64_t done_ms; /* CLOCK_MONOTONIC when its call returned */
	int64_t took_ms;
	tsr_redis_stats stats;
} child_report;

/* Reads a child's report from 'fd' (closing it) and checks that the child exited with 0. */
static void collect_report(int fd, pid_t pid, child_report *rep)
{
	bool got = tsr_test_recv_bytes(fd, rep, sizeof(*rep));

	close(fd);
	assert_int_equal(tsr_test_wait(pid), 0);
	assert_true(got);
}

/* The counters of 'st'. */
static tsr_redis_stats stats_of(const tsr_store *st)
{
	tsr_redis_stats s;

	assert_int_equal(tsr__redis_store_stats(st, &s), TSR_OK);
	return s;
}

/* ---- records that name a user, and what a listing saw ----------------------------------- */

/* Encodes a record of session 'k' naming 'user' (NULL: none) into 'enc'. */
static void encode_record(const tsr_key *k, const char *user, tsr_bytes *enc)
{
	tsr_record rec;
	tsr_error e;

	tsr_record_init(&rec);
	memcpy(rec.key, k->bytes, TSR_KEY_LEN);
	rec.created_at = rec.last_active = wall_ms();
	rec.idle_timeout = 600;
	if (user != NULL) {
		assert_int_equal(tsr_bytes_set(&rec.user_id, user, strlen(user)), TSR_OK);
	}
	assert_int_equal(tsr_record_encode(&rec, enc, &e), TSR_OK);
	tsr_record_clear(&rec);
}

/* Writes a record naming 'user' (NULL: none) through 'lock', with 'flags'. Returns the code. */
static int write_record(tsr_store *st, tsr_lock *lock, const char *user, int64_t expires_at,
                        unsigned flags)
{
	tsr_bytes enc = {0};
	struct tsr_store_write w;
	int rc;

	encode_record(&lock->key, user, &enc);
	w = (struct tsr_store_write){enc.data, enc.len, expires_at, user, flags};
	rc = tsr_store_write(st, lock, &w);
	tsr_bytes_free(&enc);
	return rc;
}

/* Creates, or rewrites, session 'k' with a record of user 'user' (NULL: none). */
static void create_record(tsr_store *st, const tsr_key *k, const char *user, int64_t expires_at)
{
	tsr_lock *lock = lock_session(st, k);

	assert_rc(st, write_record(st, lock, user, expires_at, TSR_WRITE_CREATE | TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
}

#define SEEN_MAX 16

typedef struct list_seen {
	int count;
	int stop_after;
	tsr_key keys[SEEN_MAX];
} list_seen;

static int list_visit(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                      int64_t expires_at)
{
	list_seen *seen = arg;

	(void) record;
	(void) len;
	assert_true(expires_at > 0);
	if (seen->count < SEEN_MAX) {
		seen->keys[seen->count] = *key;
	}
	seen->count++;
	return seen->stop_after > 0 && seen->count >= seen->stop_after;
}

static bool seen_has(const list_seen *seen, const tsr_key *k)
{
	int i;

	for (i = 0; i < seen->count && i < SEEN_MAX; i++) {
		if (memcmp(seen->keys[i].bytes, k->bytes, TSR_KEY_LEN) == 0) {
			return true;
		}
	}
	return false;
}

/* Lists the sessions of 'user' (NULL: all) into a fresh 'seen'. */
static void list_into(tsr_store *st, const char *user, list_seen *seen)
{
	memset(seen, 0, sizeof(*seen));
	assert_rc(st, tsr_store_list(st, user, list_visit, seen), TSR_OK);
}

/* ==== shared cases: run against every target ================================================ */

/* ---- basic operations ----------------------------------------------------- */

static void test_round_trip_binary_record(void **state)
{
	static const uint8_t data[] = {'T', 'S', 0, 1, 2, 0xff, '\r', '\n', 0};
	tsr_store *st = open_target(1000, 10000);
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
	tsr_store *st = open_target(1000, 10000);
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
	assert_int_equal(key_int("EXISTS %s", name), 0);
	tsr_store_close(st);
}

static void test_record_expires_at_deadline(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	int64_t deadline = wall_ms() + 300000;
	char name[200];

	(void) state;
	create_text(st, &k, "x", deadline);
	key_name(name, sizeof(name), &k, "rec");
	assert_int_equal(key_int("PEXPIRETIME %s", name), deadline);
	tsr_store_close(st);
}

static void test_lock_key_carries_token_and_ttl(void **state)
{
	tsr_store *st = open_target(1000, 7000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char name[200];
	redisReply *r;

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	key_name(name, sizeof(name), &k, "lock");
	assert_in_range(key_int("PTTL %s", name), 1, 7000);
	r = raw(key_port(name), "GET %s", name);
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STRING);
	assert_int_equal(r->len, 32); /* 128 bits in hex */
	freeReplyObject(r);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(key_int("EXISTS %s", name), 0);
	tsr_store_close(st);
}

/* A lock lifetime changed on an open store applies to the next acquisition. */
static void test_lock_ttl_changed_after_open_applies(void **state)
{
	tsr_store *st = open_target(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char name[200];

	(void) state;
	st->config.lock_ttl_ms = 1500;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	key_name(name, sizeof(name), &k, "lock");
	assert_in_range(key_int("PTTL %s", name), 1, 1500);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

static void test_touch_moves_deadline_only(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	int64_t exp = 0, later = wall_ms() + 900000;
	char buf[32];

	(void) state;
	create_text(st, &k, "kept", wall_ms() + 60000);
	lock = lock_found(st, &k);
	assert_int_equal(tsr_store_touch(st, lock, later, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), &exp), TSR_OK);
	assert_string_equal(buf, "kept");
	assert_int_equal(exp, later);
	tsr_store_close(st);
}

static void test_destroy_release_removes_record_and_lock(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	char buf[32], name[200];

	(void) state;
	create_text(st, &k, "doomed", wall_ms() + 60000);
	lock = lock_found(st, &k);
	assert_int_equal(tsr_store_destroy(st, lock, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_ENOTFOUND);
	key_name(name, sizeof(name), &k, "lock");
	assert_int_equal(key_int("EXISTS %s", name), 0);
	tsr_store_close(st);
}

static void test_write_without_create_on_destroyed_session_is_gone(void **state)
{
	tsr_store *a = open_target(1000, 10000);
	tsr_store *b = open_target(5000, 10000);
	tsr_key k = new_key();
	tsr_lock *la = NULL, *lb = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32];

	(void) state;
	create_text(a, &k, "v1", wall_ms() + 60000);
	/* b destroys it; a, holding the next lock, must not write it back. */
	lb = lock_found(b, &k);
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
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32], name[200];

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_NONE, &lock, &rec, &exp), TSR_ENOTFOUND);
	key_name(name, sizeof(name), &k, "lock");
	assert_int_equal(key_int("EXISTS %s", name), 0);
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
	tsr_store *st = open_target(1000, 10000);
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

static void test_noscript_recovered_after_script_flush(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	redisReply *r;
	char buf[32], name[200];
	uint64_t before;

	(void) state;
	create_text(st, &k, "before", wall_ms() + 60000);
	/* An earlier test may have flushed this node's scripts too: count from here. */
	before = stats_of(st).noscript;
	key_name(name, sizeof(name), &k, "rec");
	r = raw(key_port(name), "SCRIPT FLUSH");
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STATUS);
	freeReplyObject(r);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "before");
	assert_int_equal(stats_of(st).noscript, before + 1);
	tsr_store_close(st);
}

/* The number of staged-record keys ("<prefix>{<hex>}:next:*") of session 'k' on its node. */
static long long staged_keys(const tsr_key *k)
{
	char name[200], pattern[220];
	redisReply *r;
	long long n;

	key_name(name, sizeof(name), k, "rec");
	snprintf(pattern, sizeof(pattern), "%s{%s}:next:*", prefix, k->hex);
	r = raw(key_port(name), "KEYS %s", pattern);
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_ARRAY);
	n = (long long) r->elements;
	freeReplyObject(r);
	return n;
}

/*
 * A fresh key whose hash slot is that of 'k' (its hex differs, so it is
 * another session): drawn until the slot matches, 16384 tries on average.
 */
static tsr_key same_slot_key(const tsr_key *k)
{
	tsr_key other;

	do {
		other = new_key();
	} while (key_slot(&other) != key_slot(k) || memcmp(other.hex, k->hex, TSR_KEY_HEX_LEN) == 0);
	return other;
}

/*
 * Loads every script an EXCLUSIVE acquire, a write, a touch and a read use
 * on the node that serves 'k', through a session of its own in the same
 * slot, so that a later count of round trips does not include a NOSCRIPT
 * recovery left by an earlier test's SCRIPT FLUSH.
 */
static void warm_scripts_for(tsr_store *st, const tsr_key *k)
{
	tsr_key warm = same_slot_key(k);
	tsr_lock *lock;
	char buf[8];

	create_text(st, &warm, "warm", wall_ms() + 60000);
	lock = lock_found(st, &warm);
	assert_rc(st, tsr_store_touch(st, lock, wall_ms() + 60000, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &warm, buf, sizeof(buf), NULL), TSR_OK);
}

/*
 * A large record is written in one round trip (staged, then renamed into
 * place by WRITE) and read back in one (MULTI with a GET), whole, without
 * the command-by-command fallback, and no staged key stays behind.
 */
static void test_large_record_one_trip_each_way(void **state)
{
	enum { LEN = 256 * 1024 };
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key(), warm;
	uint8_t *big = malloc(LEN);
	tsr_redis_stats before, after;
	struct tsr_store_write w;
	tsr_lock *lock;
	tsr_bytes rec = {0};
	int64_t exp, deadline = wall_ms() + 600000;

	(void) state;
	assert_non_null(big);
	for (size_t i = 0; i < LEN; i++) {
		big[i] = (uint8_t) (i * 7 + 3);
	}
	/*
	 * Scripts loaded first on the node that serves 'k' (an earlier test may
	 * have flushed them there), as on a live server: a warm-up session in
	 * the same slot, so that on a cluster it lands on the same node.
	 */
	warm = same_slot_key(&k);
	create_text(st, &warm, "warm", wall_ms() + 60000);
	assert_int_equal(read_text(st, &warm, (char *) big, LEN, NULL), TSR_OK);
	for (size_t i = 0; i < LEN; i++) {
		big[i] = (uint8_t) (i * 7 + 3);
	}
	lock = lock_session(st, &k);
	w = (struct tsr_store_write){big, LEN, deadline, NULL, TSR_WRITE_CREATE | TSR_RELEASE};
	before = stats_of(st);
	assert_rc(st, tsr_store_write(st, lock, &w), TSR_OK);
	after = stats_of(st);
	assert_int_equal(after.round_trips - before.round_trips, 1);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	before = stats_of(st);
	assert_rc(st, tsr_store_acquire(st, &k, TSR_LOCK_READ_ONLY, &lock, &rec, &exp), TSR_OK);
	after = stats_of(st);
	assert_int_equal(after.round_trips - before.round_trips, 1);
	assert_int_equal(after.slow_path - before.slow_path, 0);
	assert_int_equal(rec.len, LEN);
	assert_memory_equal(rec.data, big, LEN);
	assert_int_equal(exp, deadline);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(staged_keys(&k), 0);
	free(big);
	tsr_store_close(st);
}

/* An uncontended EXCLUSIVE acquire takes the lock and reads the record in one round trip. */
static void test_exclusive_acquire_is_one_round_trip(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	tsr_redis_stats before, after;
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char lock_key[200];

	(void) state;
	warm_scripts_for(st, &k);
	create_text(st, &k, "one trip", wall_ms() + 60000);
	before = stats_of(st);
	assert_rc(st, tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp), TSR_OK);
	after = stats_of(st);
	assert_int_equal(after.round_trips - before.round_trips, 1);
	assert_int_equal(after.slow_path - before.slow_path, 0);
	assert_int_equal(rec.len, 8);
	assert_memory_equal(rec.data, "one trip", 8);
	key_name(lock_key, sizeof(lock_key), &k, "lock");
	assert_int_equal(key_int("EXISTS %s", lock_key), 1);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

/* A touch with TSR_RELEASE of a record that names no user moves the deadline and unlocks in one. */
static void test_touch_and_unlock_is_one_round_trip(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	tsr_redis_stats before, after;
	tsr_lock *lock;
	int64_t exp = 0, deadline = wall_ms() + 120000;
	char buf[32], lock_key[200];

	(void) state;
	warm_scripts_for(st, &k);
	create_text(st, &k, "touched", wall_ms() + 60000);
	lock = lock_found(st, &k);
	before = stats_of(st);
	assert_rc(st, tsr_store_touch(st, lock, deadline, TSR_RELEASE), TSR_OK);
	after = stats_of(st);
	assert_int_equal(after.round_trips - before.round_trips, 1);
	assert_int_equal(after.slow_path - before.slow_path, 0);
	key_name(lock_key, sizeof(lock_key), &k, "lock");
	assert_int_equal(key_int("EXISTS %s", lock_key), 0);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), &exp), TSR_OK);
	assert_string_equal(buf, "touched");
	assert_int_equal(exp, deadline);
	tsr_store_close(st);
}

/* A write the script refuses (lock lost, session gone) deletes its staged bytes. */
static void test_refused_writes_leave_no_staged_record(void **state)
{
	tsr_store *stale = open_target(1000, 200);
	tsr_store *fresh = open_target(10000, 60000);
	tsr_key k = new_key(), gone = new_key();
	tsr_lock *ls, *lf, *ln = NULL;
	tsr_bytes rec = {0};
	int64_t exp;

	(void) state;
	create_text(fresh, &k, "v1", wall_ms() + 60000);
	ls = lock_found(stale, &k);
	lf = lock_found(fresh, &k); /* after the stale holder's 200 ms lock lapsed */
	assert_int_equal(write_text(stale, ls, "stale", wall_ms() + 60000, TSR_RELEASE), TSR_ELOCKLOST);
	assert_int_equal(tsr_store_release(stale, ls), TSR_OK);
	assert_int_equal(write_text(fresh, lf, "v2", wall_ms() + 60000, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(fresh, lf), TSR_OK);
	assert_int_equal(staged_keys(&k), 0);

	assert_int_equal(tsr_store_acquire(fresh, &gone, TSR_LOCK_NONE, &ln, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(write_text(fresh, ln, "late", wall_ms() + 60000, 0), TSR_EGONE);
	assert_int_equal(tsr_store_release(fresh, ln), TSR_OK);
	assert_int_equal(staged_keys(&gone), 0);
	tsr_store_close(stale);
	tsr_store_close(fresh);
}

/* After SCRIPT FLUSH, the one-trip read and write fall back command by command, and work. */
static void test_one_trip_paths_recover_from_script_flush(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock;
	char buf[32], name[200];

	(void) state;
	create_text(st, &k, "before", wall_ms() + 60000);
	key_name(name, sizeof(name), &k, "rec");
	raw_ok(key_port(name), "SCRIPT FLUSH");
	lock = lock_found(st, &k); /* ACQUIRE inside MULTI: NOSCRIPT, then alone */
	raw_ok(key_port(name), "SCRIPT FLUSH");
	assert_rc(st, write_text(st, lock, "after", wall_ms() + 60000, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_true(stats_of(st).slow_path >= 2);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "after");
	assert_int_equal(staged_keys(&k), 0);
	tsr_store_close(st);
}

/* ---- locking ----------------------------------------------------------------- */

/* A child: opens the target (lock wait 'wait_ms'), acquires 'k' EXCLUSIVE and reports. */
typedef struct acquire_child {
	const tsr_key *key;
	int wait_ms;
	int fd;
	const char *write; /* written (with RELEASE) after a successful acquire, or NULL */
} acquire_child;

static int acquire_child_run(void *arg)
{
	acquire_child *c = arg;
	tsr_store *cst = NULL;
	tsr_lock *cl = NULL;
	tsr_bytes rec = {0};
	tsr_error e;
	child_report out = {0};
	char dsn[700];
	int64_t exp, t0;

	dsn_make(dsn, sizeof(dsn), NULL, NULL);
	out.rc = open_store(dsn, c->wait_ms, 60000, &cst, &e);
	if (out.rc == TSR_OK) {
		t0 = tsr_test_mono_ms();
		out.rc = tsr_store_acquire(cst, c->key, TSR_LOCK_EXCLUSIVE, &cl, &rec, &exp);
		out.done_ms = tsr_test_mono_ms();
		out.took_ms = out.done_ms - t0;
		tsr__redis_store_stats(cst, &out.stats);
		if (out.rc == TSR_OK && c->write != NULL) {
			out.rc = write_text(cst, cl, c->write, wall_ms() + 60000, TSR_RELEASE);
		}
		tsr_bytes_free(&rec);
		tsr_store_release(cst, cl);
		tsr_store_close(cst);
	}
	tsr_test_send_bytes(c->fd, &out, sizeof(out));
	return 0;
}

/* Forks an acquire_child for 'k'; returns its pid and the read end of its pipe in '*fd'. */
static pid_t spawn_acquirer(const tsr_key *k, int wait_ms, const char *write, int *fd)
{
	int fds[2];
	acquire_child c;
	pid_t pid;

	tsr_test_pipe(fds);
	c = (acquire_child){k, wait_ms, fds[1], write};
	pid = tsr_test_fork(acquire_child_run, &c);
	close(fds[1]);
	*fd = fds[0];
	return pid;
}

static void test_exclusive_excludes_second_holder(void **state)
{
	tsr_store *st = open_target(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	child_report rep;
	int fd;
	pid_t pid;

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	pid = spawn_acquirer(&k, 0, NULL, &fd);
	collect_report(fd, pid, &rep);
	assert_int_equal(rep.rc, TSR_ELOCKTIMEOUT);
	assert_true(lock->held);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

static void test_waiter_woken_by_release(void **state)
{
	tsr_store *st = open_target(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp, released_at;
	child_report rep;
	char buf[32], wake[200];
	int fd;
	pid_t pid;

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	pid = spawn_acquirer(&k, 30000, "child", &fd);
	/* The child is blocked on the wake list: only a release can let it through now. */
	key_name(wake, sizeof(wake), &k, "wake");
	wait_blocked(key_port(wake), 1);
	released_at = tsr_test_mono_ms(); /* before the release: the child cannot be woken earlier */
	assert_int_equal(
	    write_text(st, lock, "parent", wall_ms() + 60000, TSR_WRITE_CREATE | TSR_RELEASE), TSR_OK);
	collect_report(fd, pid, &rep);
	assert_int_equal(rep.rc, TSR_OK);
	/* Woken by the release (a wake-up popped, no wait timed out), well under the limits. */
	assert_int_equal(rep.stats.wakeups, 1);
	assert_int_equal(rep.stats.wait_timeouts, 0);
	/* Two round trips: the first try, then the wait with the next try queued behind it. */
	assert_int_equal(rep.stats.round_trips, 2);
	assert_in_range(rep.done_ms - released_at, 0, 1000);
	assert_in_range(rep.took_ms, 0, 10000);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "child");
	tsr_store_close(st);
}

/*
 * A waiter killed while it waits (kill -9, a php-fpm timeout) strands no
 * one: its connection closes, so the server drops its wait and the try
 * queued behind it, and the release wakes the live waiter, which takes the
 * lock at once instead of sleeping until its wait limit or the lock's TTL
 * (60 s). Were the dead waiter's queued try still run on the wake-up, it
 * would take the lock for no one and this would fail.
 */
static void test_waiter_killed_while_waiting_strands_no_one(void **state)
{
	tsr_store *st = open_target(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp, released_at;
	child_report rep;
	char buf[32], wake[200];
	int fd_dead, fd_live, port;
	pid_t dead, live;

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	key_name(wake, sizeof(wake), &k, "wake");
	port = key_port(wake);
	/* First in line (Redis serves blocked clients in the order they blocked): the one to die. */
	dead = spawn_acquirer(&k, 30000, NULL, &fd_dead);
	wait_blocked(port, 1);
	live = spawn_acquirer(&k, 5000, "live", &fd_live);
	wait_blocked(port, 2);
	assert_int_equal(kill(dead, SIGKILL), 0);
	assert_int_equal(tsr_test_wait(dead), 128 + SIGKILL);
	close(fd_dead);
	wait_unblocked(port, 1); /* the server has dropped the dead waiter's connection */

	released_at = tsr_test_mono_ms();
	assert_int_equal(
	    write_text(st, lock, "holder", wall_ms() + 60000, TSR_WRITE_CREATE | TSR_RELEASE), TSR_OK);
	collect_report(fd_live, live, &rep);
	assert_int_equal(rep.rc, TSR_OK);
	assert_int_equal(rep.stats.wakeups, 1);
	assert_int_equal(rep.stats.wait_timeouts, 0);
	if (rep.done_ms - released_at >= 1000) {
		fail_msg("the live waiter got the lock %lld ms after the release, want < 1000",
		         (long long) (rep.done_ms - released_at));
	}
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "live");
	tsr_store_close(st);
}

/*
 * A wake list the server will not pop (a key of another type in its place)
 * fails the waiting acquire with the server's answer at once: the BLPOP
 * refused inside the pipeline is made again the routed way, which reports
 * the error, rather than the try being repeated without a wait until the
 * wait limit.
 */
static void test_unpoppable_wake_list_fails_the_wait(void **state)
{
	tsr_store *holder = open_target(1000, 60000);
	tsr_store *waiter = open_target(5000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL, *second = NULL;
	tsr_bytes rec = {0};
	int64_t exp, t0;
	char wake[200];

	(void) state;
	assert_int_equal(tsr_store_acquire(holder, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	key_name(wake, sizeof(wake), &k, "wake");
	raw_ok(key_port(wake), "SET %s not-a-list", wake);
	t0 = tsr_test_mono_ms();
	assert_rc(waiter, tsr_store_acquire(waiter, &k, TSR_LOCK_EXCLUSIVE, &second, &rec, &exp),
	          TSR_EIO);
	assert_null(second);
	assert_non_null(strstr(tsr_store_error(waiter)->errstr, "BLPOP"));
	assert_non_null(strstr(tsr_store_error(waiter)->errstr, "WRONGTYPE"));
	assert_in_range(tsr_test_mono_ms() - t0, 0, 4000); /* not the 5 s wait limit */
	assert_int_equal(key_int("DEL %s", wake), 1);
	assert_int_equal(tsr_store_release(holder, lock), TSR_OK);
	tsr_store_close(waiter);
	tsr_store_close(holder);
}

/*
 * A queue of waiters drains with about two wake-ups per waiter, not one
 * per waiter per release: six children blocked behind the parent each take
 * the lock in turn (writing their name with the release). The seven
 * releases push 14 wake-ups, of which at least 3 are never consumed (the
 * last child's own two, and the one pushed beside the wake-up that let the
 * last child in), so the children are woken at most 11 times in all. A
 * release that woke every registered waiter took 12 to 21 here.
 */
static void test_waiter_queue_drains_without_waking_everyone(void **state)
{
	enum { WAITERS = 6 };
	tsr_store *st = open_target(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	child_report rep;
	char wake[200];
	int fds[WAITERS], port, i;
	pid_t pids[WAITERS];
	long wakeups = 0;

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	key_name(wake, sizeof(wake), &k, "wake");
	port = key_port(wake);
	for (i = 0; i < WAITERS; i++) {
		pids[i] = spawn_acquirer(&k, 30000, "child", &fds[i]);
	}
	wait_blocked(port, WAITERS);
	assert_int_equal(
	    write_text(st, lock, "parent", wall_ms() + 60000, TSR_WRITE_CREATE | TSR_RELEASE), TSR_OK);
	for (i = 0; i < WAITERS; i++) {
		collect_report(fds[i], pids[i], &rep);
		assert_int_equal(rep.rc, TSR_OK);
		assert_int_equal(rep.stats.wait_timeouts, 0);
		assert_true(rep.stats.wakeups >= 1);
		wakeups += (long) rep.stats.wakeups;
	}
	if (wakeups > 2 * WAITERS - 1) {
		fail_msg("%d waiters were woken %ld times in all, want at most %d", WAITERS, wakeups,
		         2 * WAITERS - 1);
	}
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

static void test_wait_limit_gives_lock_timeout(void **state)
{
	tsr_store *holder = open_target(1000, 60000);
	tsr_store *waiter = open_target(300, 60000);
	tsr_key k = new_key();
	tsr_lock *lh = NULL, *lw = NULL;
	tsr_bytes rec = {0};
	tsr_redis_stats stats;
	int64_t exp, t0, took;

	(void) state;
	assert_int_equal(tsr_store_acquire(holder, &k, TSR_LOCK_EXCLUSIVE, &lh, &rec, &exp),
	                 TSR_ENOTFOUND);
	t0 = tsr_test_mono_ms();
	assert_int_equal(tsr_store_acquire(waiter, &k, TSR_LOCK_EXCLUSIVE, &lw, &rec, &exp),
	                 TSR_ELOCKTIMEOUT);
	took = tsr_test_mono_ms() - t0;
	assert_null(lw);
	assert_in_range(took, 300, 5000);
	stats = stats_of(waiter);
	assert_true(stats.wait_timeouts >= 1);
	assert_int_equal(stats.wakeups, 0);
	assert_true(lh->held);
	assert_int_equal(tsr_store_release(holder, lh), TSR_OK);
	tsr_store_close(holder);
	tsr_store_close(waiter);
}

static void test_stale_holder_write_is_lost_and_newer_survives(void **state)
{
	tsr_store *stale = open_target(1000, 200);
	tsr_store *fresh = open_target(10000, 60000);
	tsr_key k = new_key();
	tsr_lock *ls = NULL, *lf = NULL;
	char buf[32];

	(void) state;
	create_text(fresh, &k, "v1", wall_ms() + 60000);
	ls = lock_found(stale, &k);
	/* The stale holder's 200 ms lock lapses; the fresh one gets it and writes. */
	lf = lock_found(fresh, &k);
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
	tsr_store *stale = open_target(1000, 200);
	tsr_store *fresh = open_target(10000, 60000);
	tsr_key k = new_key();
	tsr_lock *ls = NULL, *lf = NULL;
	int64_t exp, deadline = wall_ms() + 60000;
	char buf[32];

	(void) state;
	create_text(fresh, &k, "v1", deadline);
	ls = lock_found(stale, &k);
	lf = lock_found(fresh, &k);
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
	tsr_store *stale = open_target(1000, 200);
	tsr_store *fresh = open_target(10000, 60000);
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
	before = raw(key_port(name), "GET %s", name);
	assert_non_null(before);
	assert_int_equal(before->type, REDIS_REPLY_STRING);
	assert_int_equal(tsr_store_release(stale, ls), TSR_OK);
	after = raw(key_port(name), "GET %s", name);
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

/* A child that takes 'k's lock (lifetime 800 ms), says 'y' on 'fd' and waits to be killed. */
typedef struct holder_child {
	const tsr_key *key;
	int fd;
} holder_child;

static int holder_child_run(void *arg)
{
	holder_child *c = arg;
	tsr_store *cst = NULL;
	tsr_lock *cl = NULL;
	tsr_bytes rec = {0};
	tsr_error e;
	char dsn[700];
	int64_t exp;

	dsn_make(dsn, sizeof(dsn), NULL, NULL);
	if (open_store(dsn, 1000, 800, &cst, &e) == TSR_OK &&
	    tsr_store_acquire(cst, c->key, TSR_LOCK_EXCLUSIVE, &cl, &rec, &exp) == TSR_ENOTFOUND) {
		tsr_test_send(c->fd, 'y');
	} else {
		tsr_test_send(c->fd, 'n');
	}
	while (pause() < 0) {
		/* holds the lock until killed (pause() only ever returns -1) */
	}
	return 0;
}

static void test_killed_holder_lock_ends_after_ttl(void **state)
{
	tsr_store *st = open_target(10000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp, t0;
	char name[200];
	holder_child c;
	int fds[2], ready;
	pid_t pid;

	(void) state;
	tsr_test_pipe(fds);
	c = (holder_child){&k, fds[1]};
	pid = tsr_test_fork(holder_child_run, &c);
	close(fds[1]);
	ready = tsr_test_recv(fds[0]);
	close(fds[0]);
	/* Kill first, so that a failed check below never leaves the child behind. */
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(tsr_test_wait(pid), 128 + SIGKILL);
	assert_int_equal(ready, 'y');
	key_name(name, sizeof(name), &k, "lock");
	assert_in_range(key_int("PTTL %s", name), 1, 800); /* still locked by the dead holder */
	t0 = tsr_test_mono_ms();
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_in_range(tsr_test_mono_ms() - t0, 0, 5000);
	assert_true(lock->held);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

/*
 * A release with nobody waiting writes nothing but the lock's deletion: no
 * wake list, no waiters key (on a replica or an append-only file, every
 * request's release would otherwise add three writes).
 */
static void test_release_without_waiters_pushes_no_wake_up(void **state)
{
	tsr_store *st = open_target(1000, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char wake[200], waiters[200];
	int i;

	(void) state;
	for (i = 0; i < 10; i++) {
		assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
		                 TSR_ENOTFOUND);
		if (i % 2 == 0) {
			assert_int_equal(tsr_store_release(st, lock), TSR_OK);
		} else {
			assert_int_equal(
			    write_text(st, lock, "v", wall_ms() + 60000, TSR_WRITE_CREATE | TSR_RELEASE),
			    TSR_OK);
			assert_int_equal(tsr_store_release(st, lock), TSR_OK);
			assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
			                 TSR_OK);
			tsr_bytes_free(&rec);
			assert_int_equal(tsr_store_destroy(st, lock, TSR_RELEASE), TSR_OK);
			assert_int_equal(tsr_store_release(st, lock), TSR_OK);
		}
	}
	key_name(wake, sizeof(wake), &k, "wake");
	key_name(waiters, sizeof(waiters), &k, "waiters");
	assert_int_equal(key_int("EXISTS %s", wake), 0);
	assert_int_equal(key_int("EXISTS %s", waiters), 0);
	tsr_store_close(st);
}

/*
 * A try that finds the lock taken marks the session as waited for, for as
 * long as that waiter may wait plus the wake list's life; releases then
 * leave a few wake-ups that soon expire, not one per release.
 */
static void test_wake_list_capped_and_short_lived(void **state)
{
	tsr_store *st = open_target(1000, 60000);
	tsr_store *waiter = open_target(300, 60000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL, *second = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char wake[200], waiters[200];
	int i;

	(void) state;
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(tsr_store_acquire(waiter, &k, TSR_LOCK_EXCLUSIVE, &second, &rec, &exp),
	                 TSR_ELOCKTIMEOUT);
	key_name(waiters, sizeof(waiters), &k, "waiters");
	/* The waiter would have waited 300 ms at most: its mark lives that plus 5 s, no longer. */
	assert_in_range(key_int("PTTL %s", waiters), 1, 300 + 5000);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	for (i = 0; i < 10; i++) {
		assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
		                 TSR_ENOTFOUND);
		assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	}
	key_name(wake, sizeof(wake), &k, "wake");
	assert_int_equal(key_int("LLEN %s", wake), 4);
	assert_in_range(key_int("PTTL %s", wake), 1, 5000);
	tsr_store_close(waiter);
	tsr_store_close(st);
}

/* ---- gc and list ----------------------------------------------------------------- */

static void test_list_all_and_by_user(void **state)
{
	char pfx[96];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key a1 = new_key(), a2 = new_key(), b = new_key(), anon = new_key();
	int64_t deadline = wall_ms() + 60000;
	list_seen seen;

	(void) state;
	create_record(st, &a1, "alice", deadline);
	create_record(st, &a2, "alice", deadline);
	create_record(st, &b, "bob", deadline);
	create_record(st, &anon, NULL, deadline);
	list_into(st, NULL, &seen);
	assert_int_equal(seen.count, 4);
	list_into(st, "alice", &seen);
	assert_int_equal(seen.count, 2);
	assert_true(seen_has(&seen, &a1));
	assert_true(seen_has(&seen, &a2));
	list_into(st, "carol", &seen);
	assert_int_equal(seen.count, 0);
	/* No record names the empty user: sessions without one are not a user's. */
	list_into(st, "", &seen);
	assert_int_equal(seen.count, 0);
	tsr_store_close(st);
}

static void test_list_stops_when_visitor_says_so(void **state)
{
	char pfx[96];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
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
	memset(&seen, 0, sizeof(seen));
	seen.stop_after = 2;
	assert_int_equal(tsr_store_list(st, "u", list_visit, &seen), TSR_OK);
	assert_int_equal(seen.count, 2);
	tsr_store_close(st);
}

static void test_gc_deletes_only_unlocked_past_deadline(void **state)
{
	char pfx[96];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key old = new_key(), live = new_key(), locked = new_key();
	int64_t now = wall_ms();
	tsr_lock *lock = NULL;
	uint64_t deleted = 99;
	char buf[32];

	(void) state;
	create_text(st, &old, "old", now + 10000);
	create_text(st, &live, "live", now + 100000);
	create_text(st, &locked, "locked", now + 10000);
	lock = lock_found(st, &locked);
	/* As seen from 50 s ahead, 'old' and 'locked' are past their deadline. */
	assert_rc(st, tsr_store_gc(st, now + 50000, &deleted), TSR_OK);
	assert_int_equal(deleted, 1);
	assert_int_equal(read_text(st, &old, buf, sizeof(buf), NULL), TSR_ENOTFOUND);
	assert_int_equal(read_text(st, &live, buf, sizeof(buf), NULL), TSR_OK);
	assert_int_equal(read_text(st, &locked, buf, sizeof(buf), NULL), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_rc(st, tsr_store_gc(st, now, &deleted), TSR_OK);
	assert_int_equal(deleted, 0);
	tsr_store_close(st);
}

/* ---- the per-user index -------------------------------------------------------------- */

/* The user set of 'user' under 'pfx' holds session 'k' (1) or not (0). */
static long long in_user_set(const char *pfx, const char *user, const tsr_key *k)
{
	char set[200];
	redisReply *r;
	long long v;

	user_set_name(set, sizeof(set), pfx, user);
	r = raw(key_port(set), "SISMEMBER %s %s", set, k->hex);
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_INTEGER);
	v = r->integer;
	freeReplyObject(r);
	return v;
}

/* Number of members of the user set of 'user' under 'pfx'. */
static long long user_set_size(const char *pfx, const char *user)
{
	char set[200];

	user_set_name(set, sizeof(set), pfx, user);
	return key_int("SCARD %s", set);
}

/*
 * Listing one user among many others reads that user's set and the
 * records it names: one SSCAN and one READ per session of the user, no
 * matter how many other sessions (1000 here, of 100 other users and none)
 * the store holds.
 */
static void test_user_list_reads_only_that_users_sessions(void **state)
{
	char pfx[96], user[32];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key mine[3];
	int64_t deadline = wall_ms() + 600000;
	tsr_redis_stats before, after;
	list_seen seen;
	int i;

	(void) state;
	for (i = 0; i < 1000; i++) {
		tsr_key k = new_key();

		snprintf(user, sizeof(user), "user-%d", i % 100);
		create_record(st, &k, i % 10 == 0 ? NULL : user, deadline);
	}
	for (i = 0; i < 3; i++) {
		mine[i] = new_key();
		create_record(st, &mine[i], "ann", deadline);
	}
	list_into(st, "ann", &seen); /* loads the READ script wherever it is needed */
	before = stats_of(st);
	list_into(st, "ann", &seen);
	after = stats_of(st);
	assert_int_equal(seen.count, 3);
	for (i = 0; i < 3; i++) {
		assert_true(seen_has(&seen, &mine[i]));
	}
	assert_int_equal(after.commands - before.commands, 1 + 3);
	assert_int_equal(after.index_writes - before.index_writes, 0);
	list_into(st, "user-7", &seen);
	assert_int_equal(seen.count, 10); /* i = 7, 107, ..., 907 */
	tsr_store_close(st);
}

/*
 * A user's index key that holds something else (another program's key
 * under the prefix) makes listing that user fail with a message naming the
 * key and what to do, not Redis' bare WRONGTYPE; the key is left alone.
 */
static void test_user_list_names_a_foreign_index_key(void **state)
{
	char pfx[96], name[200], shown[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	list_seen seen;

	(void) state;
	user_set_name(name, sizeof(name), pfx, "zed");
	raw_ok(key_port(name), "SET %s not-a-set", name);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(tsr_store_list(st, "zed", list_visit, &seen), TSR_EIO);
	assert_non_null(strstr(tsr_store_error(st)->errstr, "is not a set"));
	/* The key is named by "<pfx>u:{" and the first 8 digits of the user's hash. */
	snprintf(shown, sizeof(shown), "%.*s", (int) (strlen(pfx) + 3 + 8), name);
	assert_non_null(strstr(tsr_store_error(st)->errstr, shown));
	assert_int_equal(seen.count, 0);
	assert_int_equal(key_int("DEL %s", name), 1);
	tsr_store_close(st);
}

/* Rebinding a session to another user moves it from the old user's set to the new one's. */
static void test_user_rebind_moves_session(void **state)
{
	char pfx[96], lock_key[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key k = new_key(), other = new_key();
	int64_t deadline = wall_ms() + 600000;
	tsr_lock *lock;
	list_seen seen;

	(void) state;
	create_record(st, &k, "ann", deadline);
	create_record(st, &other, "ann", deadline);
	assert_int_equal(in_user_set(pfx, "ann", &k), 1);
	lock = lock_session(st, &k);
	assert_rc(st, write_record(st, lock, "bob", deadline, TSR_RELEASE), TSR_OK);
	assert_false(lock->held);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	/* The lock, kept until the old set had let go, is released all the same. */
	key_name_in(lock_key, sizeof(lock_key), pfx, &k, "lock");
	assert_int_equal(key_int("EXISTS %s", lock_key), 0);
	assert_int_equal(in_user_set(pfx, "ann", &k), 0);
	assert_int_equal(in_user_set(pfx, "bob", &k), 1);
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 1);
	assert_true(seen_has(&seen, &other));
	list_into(st, "bob", &seen);
	assert_int_equal(seen.count, 1);
	assert_true(seen_has(&seen, &k));
	tsr_store_close(st);
}

/* A session that loses its user (log out) leaves the user's set; the record stays. */
static void test_user_unbound_session_leaves_set(void **state)
{
	char pfx[96], rec_key[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key k = new_key();
	int64_t deadline = wall_ms() + 600000;
	tsr_lock *lock;
	list_seen seen;

	(void) state;
	create_record(st, &k, "ann", deadline);
	lock = lock_session(st, &k);
	assert_rc(st, write_record(st, lock, NULL, deadline, 0), TSR_OK);
	assert_true(lock->held); /* no release asked: still held after the set let go */
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(in_user_set(pfx, "ann", &k), 0);
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 0);
	key_name_in(rec_key, sizeof(rec_key), pfx, &k, "rec");
	assert_int_equal(key_int("EXISTS %s", rec_key), 1);
	tsr_store_close(st);
}

/* Destroying a session takes it out of its user's set, and releases the lock. */
static void test_user_destroy_removes_member(void **state)
{
	char pfx[96], lock_key[200], set[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key k = new_key();
	tsr_lock *lock;
	list_seen seen;

	(void) state;
	create_record(st, &k, "ann", wall_ms() + 600000);
	lock = lock_session(st, &k);
	assert_rc(st, tsr_store_destroy(st, lock, TSR_RELEASE), TSR_OK);
	assert_false(lock->held);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	key_name_in(lock_key, sizeof(lock_key), pfx, &k, "lock");
	assert_int_equal(key_int("EXISTS %s", lock_key), 0);
	/* Its only member gone, the set itself is gone. */
	user_set_name(set, sizeof(set), pfx, "ann");
	assert_int_equal(key_int("EXISTS %s", set), 0);
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 0);
	tsr_store_close(st);
}

/*
 * The set outlives every member's deadline by more than a step, and its
 * expiry only moves forward: (floor(deadline / step) + 2) * step.
 */
static void test_user_set_expiry_covers_deadline(void **state)
{
	char pfx[96], set[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key a = new_key(), b = new_key();
	int64_t d1 = wall_ms() + 600000, d2 = d1 + 3 * USER_STEP_MS;

	(void) state;
	user_set_name(set, sizeof(set), pfx, "ann");
	create_record(st, &a, "ann", d1);
	assert_int_equal(key_int("PEXPIRETIME %s", set), (d1 / USER_STEP_MS + 2) * USER_STEP_MS);
	create_record(st, &b, "ann", d2);
	assert_int_equal(key_int("PEXPIRETIME %s", set), (d2 / USER_STEP_MS + 2) * USER_STEP_MS);
	/* A session of the user with an earlier deadline never pulls it back. */
	create_record(st, &a, "ann", d1 + 1);
	assert_int_equal(key_int("PEXPIRETIME %s", set), (d2 / USER_STEP_MS + 2) * USER_STEP_MS);
	tsr_store_close(st);
}

/*
 * The hot path: a write or touch that keeps the user and the deadline's
 * step is one round trip (a write: the staged bytes and WRITE, pipelined)
 * and leaves the set alone. The next step pushes the set's expiry: inside
 * WRITE on one server (still one trip), by one USER_ADD more on a cluster.
 */
static void test_user_unchanged_write_is_one_round_trip(void **state)
{
	char pfx[96], set[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key k = new_key();
	/* The middle of a step, so that +- a minute stays inside it. */
	int64_t d = (wall_ms() / USER_STEP_MS + 1) * USER_STEP_MS + USER_STEP_MS / 2;
	tsr_redis_stats before, after;
	tsr_lock *lock;

	(void) state;
	user_set_name(set, sizeof(set), pfx, "ann");
	create_record(st, &k, "ann", d);
	lock = lock_session(st, &k);
	assert_rc(st, tsr_store_touch(st, lock, d, 0), TSR_OK); /* TOUCH loaded on its node */
	before = stats_of(st);
	assert_rc(st, write_record(st, lock, "ann", d + 60000, 0), TSR_OK);
	assert_rc(st, tsr_store_touch(st, lock, d - 60000, 0), TSR_OK);
	after = stats_of(st);
	assert_int_equal(after.round_trips - before.round_trips, 2);
	assert_int_equal(after.slow_path - before.slow_path, 0);
	assert_int_equal(after.index_writes - before.index_writes, 0);
	/* The next step: the write adds to the set; then the touch within it is one trip again. */
	before = after;
	assert_rc(st, write_record(st, lock, "ann", d + USER_STEP_MS, 0), TSR_OK);
	assert_rc(st, tsr_store_touch(st, lock, d + USER_STEP_MS + 1000, TSR_RELEASE), TSR_OK);
	after = stats_of(st);
	assert_int_equal(after.round_trips - before.round_trips, target == TARGET_CLUSTER ? 3 : 2);
	assert_int_equal(after.index_writes - before.index_writes, 1);
	assert_int_equal(key_int("PEXPIRETIME %s", set), (d / USER_STEP_MS + 3) * USER_STEP_MS);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

/*
 * A login (the write that first names a user) keeps the index in its one
 * round trip on one server: WRITE adds the session to the user's set
 * itself, before the record names the user. On a cluster the set lives in
 * another slot, so USER_ADD goes first: one trip more. Rebinding to
 * another user adds to the new set the same way (the old set's SREM and
 * the held-back RELEASE follow, as before).
 */
static void test_user_login_write_trips(void **state)
{
	char pfx[96];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key k = new_key();
	int64_t d = wall_ms() + 600000;
	long long extra = target == TARGET_CLUSTER ? 1 : 0;
	tsr_redis_stats before, after;
	tsr_lock *lock;

	(void) state;
	create_record(st, &k, NULL, d);
	lock = lock_found(st, &k);
	before = stats_of(st);
	assert_rc(st, write_record(st, lock, "ann", d, 0), TSR_OK);
	after = stats_of(st);
	assert_int_equal(after.round_trips - before.round_trips, 1 + extra);
	assert_int_equal(after.index_writes - before.index_writes, 1);
	assert_int_equal(in_user_set(pfx, "ann", &k), 1);

	before = stats_of(st);
	assert_rc(st, write_record(st, lock, "bob", d, TSR_RELEASE), TSR_OK);
	after = stats_of(st);
	assert_int_equal(after.round_trips - before.round_trips, 3 + extra);
	assert_int_equal(in_user_set(pfx, "bob", &k), 1);
	assert_int_equal(in_user_set(pfx, "ann", &k), 0);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

/*
 * A handle whose guess is wrong still keeps the index: 'a' read the
 * session as ann's, 'b' then gave it to bob (taking it out of ann's set),
 * and 'a' writes it as ann's again without a lock (NONE). WRITE sees the
 * stored record name bob, refuses, and the write goes through only after
 * the session is back in ann's set.
 */
static void test_user_stale_guess_still_indexed(void **state)
{
	char pfx[96], dsn[700];
	tsr_store *st = open_isolated(pfx, sizeof(pfx)), *b;
	tsr_key k = new_key();
	int64_t deadline = wall_ms() + 600000, exp;
	tsr_lock *la = NULL, *lb;
	tsr_bytes rec = {0};
	list_seen seen;

	(void) state;
	dsn_make(dsn, sizeof(dsn), pfx, NULL);
	b = open_ok(dsn, 1000, 10000);
	create_record(st, &k, "ann", deadline);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_NONE, &la, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	lb = lock_session(b, &k);
	assert_rc(b, write_record(b, lb, "bob", deadline, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(b, lb), TSR_OK);
	assert_int_equal(in_user_set(pfx, "ann", &k), 0);
	assert_rc(st, write_record(st, la, "ann", deadline, 0), TSR_OK);
	assert_int_equal(tsr_store_release(st, la), TSR_OK);
	assert_int_equal(in_user_set(pfx, "ann", &k), 1);
	assert_int_equal(in_user_set(pfx, "bob", &k), 0);
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 1);
	assert_true(seen_has(&seen, &k));
	tsr_store_close(b);
	tsr_store_close(st);
}

/* Writes ann's sessions 'live' (10 min) and 'dead' (a deadline past: Redis drops it at once). */
static void make_live_and_expired(tsr_store *st, const char *pfx, const tsr_key *live,
                                  const tsr_key *dead)
{
	char rec_key[200];

	create_record(st, live, "ann", wall_ms() + 600000);
	create_record(st, dead, "ann", wall_ms() - 1000);
	key_name_in(rec_key, sizeof(rec_key), pfx, dead, "rec");
	assert_int_equal(key_int("EXISTS %s", rec_key), 0);
	assert_int_equal(user_set_size(pfx, "ann"), 2); /* the expired one is still a member */
}

static void test_user_expired_member_pruned_by_list(void **state)
{
	char pfx[96];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key live = new_key(), dead = new_key();
	list_seen seen;

	(void) state;
	make_live_and_expired(st, pfx, &live, &dead);
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 1);
	assert_true(seen_has(&seen, &live));
	assert_int_equal(in_user_set(pfx, "ann", &dead), 0);
	assert_int_equal(in_user_set(pfx, "ann", &live), 1);
	tsr_store_close(st);
}

static void test_user_expired_member_pruned_by_gc(void **state)
{
	char pfx[96], set[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key live = new_key(), dead = new_key(), gone = new_key();
	uint64_t deleted = 99;

	(void) state;
	make_live_and_expired(st, pfx, &live, &dead);
	/* bob's only session expired too: gc leaves no set of his behind. */
	create_record(st, &gone, "bob", wall_ms() - 1000);
	user_set_name(set, sizeof(set), pfx, "bob");
	assert_int_equal(key_int("SCARD %s", set), 1);
	assert_rc(st, tsr_store_gc(st, wall_ms(), &deleted), TSR_OK);
	assert_int_equal(deleted, 0); /* Redis had dropped the records already */
	assert_int_equal(in_user_set(pfx, "ann", &dead), 0);
	assert_int_equal(in_user_set(pfx, "ann", &live), 1);
	assert_int_equal(key_int("EXISTS %s", set), 0);
	tsr_store_close(st);
}

/*
 * A stale member whose session is locked is left alone (its holder may be
 * a writer between adding it and writing the record); once the lock is
 * gone, listing prunes it.
 */
static void test_user_prune_skips_locked_session(void **state)
{
	char pfx[96], rec_key[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key k = new_key();
	tsr_lock *lock;
	list_seen seen;

	(void) state;
	create_record(st, &k, "ann", wall_ms() + 600000);
	lock = lock_session(st, &k);
	key_name_in(rec_key, sizeof(rec_key), pfx, &k, "rec");
	assert_int_equal(key_int("DEL %s", rec_key), 1); /* as if Redis had expired it */
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 0);
	assert_int_equal(in_user_set(pfx, "ann", &k), 1);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 0);
	assert_int_equal(in_user_set(pfx, "ann", &k), 0);
	tsr_store_close(st);
}

/* Flushes the scripts of every server of this group's target. */
static void flush_scripts(void)
{
	int i;

	for (i = 0; i < (target == TARGET_CLUSTER ? N_NODES : 1); i++) {
		raw_ok(target == TARGET_CLUSTER ? ports[i] : port_single, "SCRIPT FLUSH");
	}
}

/* A listing's pipelines meet NOSCRIPT after a flush: the scripts are loaded and run again. */
static void test_user_list_after_script_flush(void **state)
{
	char pfx[96];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key a = new_key(), b = new_key(), live = new_key(), dead = new_key();
	list_seen seen;

	(void) state;
	make_live_and_expired(st, pfx, &live, &dead);
	create_record(st, &a, "ann", wall_ms() + 600000);
	create_record(st, &b, "ann", wall_ms() + 600000);
	flush_scripts();
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 3);
	assert_true(seen_has(&seen, &a) && seen_has(&seen, &b) && seen_has(&seen, &live));
	assert_int_equal(in_user_set(pfx, "ann", &dead), 0); /* the pruning ran too */
	assert_true(stats_of(st).noscript >= 2);
	tsr_store_close(st);
}

/*
 * A user set that cannot be written (a key of another type in its place)
 * refuses the write of a record naming that user: never a record without
 * its index. The lock is released all the same (TSR_RELEASE).
 */
static void test_user_set_unwritable_refuses_write(void **state)
{
	char pfx[96], set[200], rec_key[200], lock_key[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key k = new_key();
	tsr_lock *lock;

	(void) state;
	user_set_name(set, sizeof(set), pfx, "ann");
	raw_ok(key_port(set), "SET %s not-a-set", set);
	lock = lock_session(st, &k);
	assert_rc(st, write_record(st, lock, "ann", wall_ms() + 600000, TSR_WRITE_CREATE | TSR_RELEASE),
	          TSR_EIO);
	assert_non_null(strstr(tsr_store_error(st)->errstr, "WRONGTYPE"));
	assert_false(lock->held);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	key_name_in(rec_key, sizeof(rec_key), pfx, &k, "rec");
	key_name_in(lock_key, sizeof(lock_key), pfx, &k, "lock");
	assert_int_equal(key_int("EXISTS %s", rec_key), 0);
	assert_int_equal(key_int("EXISTS %s", lock_key), 0);
	assert_int_equal(key_int("DEL %s", set), 1);
	tsr_store_close(st);
}

/* ---- concurrency ------------------------------------------------------------------- */

#define N_CLIENTS 20
#define N_INCREMENTS 10

/* One client: N_INCREMENTS x (acquire, +1, write + release). Exit status 0 when all went well. */
static int increment_child(void *arg)
{
	const tsr_key *k = arg;
	tsr_store *st = NULL;
	tsr_error e;
	char dsn[700];
	int i;

	dsn_make(dsn, sizeof(dsn), NULL, NULL);
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
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	pid_t pids[N_CLIENTS];
	int i;
	char buf[32];

	(void) state;
	for (i = 0; i < N_CLIENTS; i++) {
		pids[i] = tsr_test_fork(increment_child, &k);
	}
	for (i = 0; i < N_CLIENTS; i++) {
		assert_int_equal(tsr_test_wait(pids[i]), 0);
	}
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "200");
	tsr_store_close(st);
}

/* ==== one server only (TCP, some also on the unix socket) ==================================== */

/*
 * Opens 'dsn', which must fail with 'want' (no store made) and a message
 * containing 'needle'; leaves the error in 'e' for further checks.
 */
static void expect_open_fails(const char *dsn, int want, const char *needle, tsr_error *e)
{
	tsr_store *st = NULL;
	int rc;

	tsr_error_clear(e);
	rc = open_store(dsn, 1000, 1000, &st, e);
	if (rc != want || st != NULL || strstr(e->errstr, needle) == NULL) {
		fail_msg("open %s: got %s (%s), want %s naming '%s'", dsn, tsr_errname(rc), e->errstr,
		         tsr_errname(want), needle);
	}
}

/* Opens 'dsn', stores 'text' in a new session and reads it back; returns the session's key. */
static tsr_key round_trip_on(const char *dsn, const char *text)
{
	tsr_store *st = open_ok(dsn, 1000, 10000);
	tsr_key k = new_key();
	char buf[32];

	create_text(st, &k, text, wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, text);
	tsr_store_close(st);
	return k;
}

/* Runs "'fmt' 'key'" in database 'db' of the single server; the caller frees the reply. */
static redisReply *raw_in_db(int db, const char *fmt, const char *key)
{
	redisContext *c = redisConnect("127.0.0.1", port_single);
	redisReply *r;

	assert_non_null(c);
	assert_int_equal(c->err, 0);
	r = redisCommand(c, "SELECT %d", db);
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STATUS);
	freeReplyObject(r);
	r = redisCommand(c, fmt, key);
	assert_non_null(r);
	redisFree(c);
	return r;
}

/* ---- DSN validation ---------------------------------------------------- */

static void expect_bad_dsn(const char *extra, const char *needle)
{
	char dsn[700];
	tsr_error e;

	dsn_make(dsn, sizeof(dsn), NULL, extra);
	expect_open_fails(dsn, TSR_EBADDSN, needle, &e);
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
	char dsn[700];
	tsr_store *st;

	(void) state;
	dsn_make(dsn, sizeof(dsn), NULL, "&connect_timeout=0.5&read_timeout=2.25&persistent=1");
	st = open_ok(dsn, 1000, 1000);
	assert_string_equal(tsr_store_name(st), "redis");
	tsr_store_close(st);
}

static void test_dsn_user_without_password_refused(void **state)
{
	char dsn[700];
	tsr_error e;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://someone@127.0.0.1:%d", port_single);
	expect_open_fails(dsn, TSR_EBADDSN, "password", &e);
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

/* ---- connections ------------------------------------------------------------- */

static void test_auth_with_acl_user(void **state)
{
	char dsn[700];

	(void) state;
	raw_ok(port_single, "ACL SETUSER tsrtest reset on >s3cret-pw ~* &* +@all");
	snprintf(dsn, sizeof(dsn), "redis://tsrtest:s3cret-pw@127.0.0.1:%d?prefix=%s", port_single,
	         prefix);
	round_trip_on(dsn, "acl");
}

static void test_auth_wrong_password_is_clear_error(void **state)
{
	char dsn[700];
	tsr_error e;

	(void) state;
	raw_ok(port_single, "ACL SETUSER tsrtest reset on >s3cret-pw ~* &* +@all");
	snprintf(dsn, sizeof(dsn), "redis://tsrtest:WRONG-pw@127.0.0.1:%d", port_single);
	expect_open_fails(dsn, TSR_EUNREACHABLE, "AUTH refused", &e);
	assert_non_null(strstr(e.errstr, "WRONGPASS"));
	assert_null(strstr(e.errstr, "WRONG-pw"));
}

static void test_auth_password_only(void **state)
{
	char dsn[700];

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://:%s@127.0.0.1:%d?prefix=%s", AUTH_PASSWORD, port_auth,
	         prefix);
	round_trip_on(dsn, "pw");
}

static void test_auth_password_only_wrong(void **state)
{
	char dsn[700];
	tsr_error e;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://:nope@127.0.0.1:%d", port_auth);
	expect_open_fails(dsn, TSR_EUNREACHABLE, "AUTH refused", &e);
}

static void test_select_db(void **state)
{
	char dsn[700], name[200];
	tsr_key k;
	redisReply *r;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://127.0.0.1:%d/3?prefix=%s", port_single, prefix);
	k = round_trip_on(dsn, "db3");
	key_name(name, sizeof(name), &k, "rec");
	assert_int_equal(raw_int(port_single, "EXISTS %s", name), 0); /* not in db 0 */
	r = raw_in_db(3, "GET %s", name);
	assert_int_equal(r->type, REDIS_REPLY_STRING);
	assert_string_equal(r->str, "db3");
	freeReplyObject(r);
}

static long long commandstat_calls(const char *info, const char *name);

/* Calls of command 'name' the single server has answered so far. */
static long long server_calls(const char *name)
{
	redisReply *r = raw(port_single, "INFO commandstats");
	long long n;

	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STRING);
	n = commandstat_calls(r->str, name);
	freeReplyObject(r);
	return n;
}

/* The integer reply of "'fmt' 'key'" in database 'db' of the single server. */
static long long db_int(int db, const char *fmt, const char *key)
{
	redisReply *r = raw_in_db(db, fmt, key);
	long long v;

	assert_int_equal(r->type, REDIS_REPLY_INTEGER);
	v = r->integer;
	freeReplyObject(r);
	return v;
}

/*
 * gc reads the user sets it finds together, not one by one: more sets
 * than one batch holds (REDIS_GC_SETS), sets of several SSCAN pages, and
 * more members than gc reads at a time (REDIS_GC_MEMBERS: nine sets of
 * 600, so one batch of 64 holds at least five) are all pruned
 * of their stale members, in far fewer round trips than one per set. In
 * a database of its own, so the SCAN passes see only these keys.
 */
static void test_user_gc_reads_sets_together(void **state)
{
	enum { N_USERS = 70, N_BIGS = 9, N_BIG = 600, DB = 6 };
	char dsn[700], pfx[96], user[16], set[200], rec[200];
	tsr_key small[N_USERS], big_first[N_BIGS], big_last[N_BIGS], k;
	uint64_t deleted, trips;
	long long scans;
	tsr_store *st;
	int i, b;

	(void) state;
	freeReplyObject(raw_in_db(DB, "FLUSHDB", NULL));
	snprintf(pfx, sizeof(pfx), "%sgcsets:", prefix);
	snprintf(dsn, sizeof(dsn), "redis://127.0.0.1:%d/%d?prefix=%s", port_single, DB, pfx);
	st = open_ok(dsn, 1000, 10000);
	for (i = 0; i < N_USERS; i++) {
		small[i] = new_key();
		snprintf(user, sizeof(user), "u%d", i);
		create_record(st, &small[i], user, wall_ms() + 600000);
	}
	for (b = 0; b < N_BIGS; b++) {
		snprintf(user, sizeof(user), "big%d", b);
		for (i = 0; i < N_BIG; i++) {
			k = new_key();
			create_record(st, &k, user, wall_ms() + 600000);
			big_first[b] = i == 0 ? k : big_first[b];
			big_last[b] = k;
		}
	}
	/* stale members, as if Redis had expired their records */
	key_name_in(rec, sizeof(rec), pfx, &small[N_USERS - 1], "rec");
	assert_int_equal(db_int(DB, "DEL %s", rec), 1);
	for (b = 0; b < N_BIGS; b++) {
		key_name_in(rec, sizeof(rec), pfx, &big_first[b], "rec");
		assert_int_equal(db_int(DB, "DEL %s", rec), 1);
		key_name_in(rec, sizeof(rec), pfx, &big_last[b], "rec");
		assert_int_equal(db_int(DB, "DEL %s", rec), 1);
	}

	trips = stats_of(st).round_trips;
	scans = server_calls("scan");
	assert_rc(st, tsr_store_gc(st, wall_ms(), &deleted), TSR_OK);
	trips = stats_of(st).round_trips - trips;
	scans = server_calls("scan") - scans;
	/*
	 * Besides its SCAN pages (and at most one PEXPIRETIME pipeline each),
	 * gc made fewer trips than there are sets: one set at a time cost at
	 * least two per set (SSCAN, then its members).
	 */
	assert_true(trips - 2 * (uint64_t) scans < N_USERS + N_BIGS);
	for (b = 0; b < N_BIGS; b++) {
		snprintf(user, sizeof(user), "big%d", b);
		user_set_name(set, sizeof(set), pfx, user);
		assert_int_equal(db_int(DB, "SCARD %s", set), N_BIG - 2);
	}
	snprintf(user, sizeof(user), "u%d", N_USERS - 1);
	user_set_name(set, sizeof(set), pfx, user);
	assert_int_equal(db_int(DB, "EXISTS %s", set), 0);
	for (i = 0; i < N_USERS - 1; i++) {
		snprintf(user, sizeof(user), "u%d", i);
		user_set_name(set, sizeof(set), pfx, user);
		assert_int_equal(db_int(DB, "SCARD %s", set), 1);
	}
	tsr_store_close(st);
	freeReplyObject(raw_in_db(DB, "FLUSHDB", NULL));
}

static void test_select_missing_db_is_clear_error(void **state)
{
	char dsn[700];
	tsr_error e;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis://127.0.0.1:%d/4000", port_single);
	expect_open_fails(dsn, TSR_EUNREACHABLE, "SELECT 4000 refused", &e);
}

static void test_unix_socket(void **state)
{
	char dsn[700], name[200];
	tsr_key k;
	redisReply *r;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis+unix://%s/single/redis.sock?db=2&prefix=%s", server_dir,
	         prefix);
	k = round_trip_on(dsn, "unix");
	key_name(name, sizeof(name), &k, "rec");
	r = raw_in_db(2, "EXISTS %s", name);
	assert_int_equal(r->type, REDIS_REPLY_INTEGER);
	assert_int_equal(r->integer, 1);
	freeReplyObject(r);
}

static void test_unix_socket_missing_is_unreachable(void **state)
{
	char dsn[700];
	tsr_error e;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis+unix://%s/nowhere.sock", server_dir);
	expect_open_fails(dsn, TSR_EUNREACHABLE, "nowhere.sock", &e);
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
	int64_t limit = tsr_test_mono_ms() + 10000;
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
		if (tsr_test_mono_ms() > limit) {
			fail_msg("redis (pid %ld) still running after SHUTDOWN", pid);
		}
		nanosleep(&ts, NULL);
	}
}

/* What a stand-in server does with its listening socket; returns its exit status. */
typedef int (*fake_fn)(int lfd, const char *reply);

/* A stand-in server and the DSN that reaches it. */
typedef struct fake {
	fake_fn serve;
	const char *reply;
	int lfd;
	pid_t pid;
	char dsn[64];
} fake;

static int fake_run(void *arg)
{
	fake *f = arg;

	return f->serve(f->lfd, f->reply);
}

/* Starts 'serve' (with 'reply') in a child on a fresh loopback port; fills 'f'. */
static void fake_start(fake *f, fake_fn serve, const char *reply)
{
	struct sockaddr_in addr = {0};
	socklen_t alen = sizeof(addr);

	f->serve = serve;
	f->reply = reply;
	f->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(f->lfd >= 0);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(f->lfd, (struct sockaddr *) &addr, sizeof(addr)), 0);
	assert_int_equal(listen(f->lfd, 1), 0);
	assert_int_equal(getsockname(f->lfd, (struct sockaddr *) &addr, &alen), 0);
	f->pid = tsr_test_fork(fake_run, f);
	close(f->lfd);
	snprintf(f->dsn, sizeof(f->dsn), "redis://127.0.0.1:%d", ntohs(addr.sin_port));
}

/*
 * The answers of a real server to acquire's MULTI, ACQUIRE, GET, EXEC:
 * MULTI's OK, two QUEUED, then EXEC's array of the ACQUIRE reply
 * 'acquire' (RESP text) and the GET reply 'get'. A string literal.
 */
#define FAKE_EXEC(acquire, get) "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n" acquire get

/*
 * A stand-in server on 'lfd' for one connection: answers acquire with
 * "taken, no record", reads 64 KiB of the write, then sends FIN and
 * closes with data unread (RST). Exit status 0 when it got that far.
 */
static int fake_server(int lfd, const char *reply)
{
	static const char taken[] = FAKE_EXEC("*2\r\n:1\r\n:-2\r\n", "$-1\r\n");
	char buf[65536];
	size_t got = 0;
	int fd = accept(lfd, NULL, NULL);
	ssize_t n;

	(void) reply;
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

/*
 * The client's own RESP formatting (one buffer for a whole pipeline) makes
 * byte for byte what hiredis makes of each command: binary and empty
 * arguments, C strings (no lengths), lengths of one to five digits.
 */
static void test_pipeline_formatted_as_hiredis_does(void **state)
{
	static const char bin[] = {'a', '\0', '\r', '\n', 'b'};
	char *big = malloc(12345);
	const char *set[5] = {"SET", "k{x}:rec", bin, "PX", "60000"};
	size_t set_lens[5] = {3, 8, sizeof(bin), 2, 5};
	const char *empty[3] = {"EVALSHA", "", "0"};
	size_t empty_lens[3] = {7, 0, 1};
	const char *plain[2] = {"GET", "k{x}:rec"};
	const char *large[3] = {"SET", "big", big};
	size_t large_lens[3] = {3, 3, 12345};
	const char *many[12] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
	tsr_redis_cmd cmds[5] = {{5, set, set_lens},
	                         {3, empty, empty_lens},
	                         {2, plain, NULL},
	                         {3, large, large_lens},
	                         {12, many, NULL}};
	char *ours = NULL, *want = NULL, *one;
	size_t ours_len = 0, want_len = 0, k;
	int n;

	(void) state;
	assert_non_null(big);
	memset(big, 'z', 12345);
	for (k = 0; k < 5; k++) {
		size_t lens[12];
		int i;

		for (i = 0; i < cmds[k].argc; i++) {
			lens[i] = cmds[k].lens != NULL ? cmds[k].lens[i] : strlen(cmds[k].argv[i]);
		}
		n = redisFormatCommandArgv(&one, cmds[k].argc, cmds[k].argv, lens);
		assert_true(n > 0);
		want = realloc(want, want_len + (size_t) n);
		assert_non_null(want);
		memcpy(want + want_len, one, (size_t) n);
		want_len += (size_t) n;
		redisFreeCommand(one);
	}
	assert_int_equal(tsr__redis_format(5, cmds, &ours, &ours_len), TSR_OK);
	assert_int_equal(ours_len, want_len);
	assert_memory_equal(ours, want, want_len);
	free(ours);
	assert_int_equal(tsr__redis_format(0, cmds, &ours, &ours_len), TSR_OK);
	assert_int_equal(ours_len, 0);
	free(ours);
	free(want);
	free(big);
}

static void test_server_closing_mid_write_raises_no_sigpipe(void **state)
{
	tsr_store *st;
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	size_t n = 32u << 20;
	uint8_t *big = malloc(n);
	struct tsr_store_write w;
	fake f;

	(void) state;
	assert_non_null(big);
	memset(big, 'x', n);
	fake_start(&f, fake_server, NULL);
	st = open_ok(f.dsn, 1000, 10000);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	/* The write meets a closed connection (EPIPE): an error, not a SIGPIPE that kills us. */
	w = (struct tsr_store_write){big, n, wall_ms() + 60000, NULL, TSR_WRITE_CREATE | TSR_RELEASE};
	assert_int_equal(tsr_store_write(st, lock, &w), TSR_EUNREACHABLE);
	free(big);
	assert_int_equal(tsr_test_wait(f.pid), 0);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	tsr_store_close(st);
}

/* What fake_reply_server answers to every request after the first (NULL: nothing). */
static const char *fake_later_reply;

/*
 * A stand-in server on 'lfd' that answers the first request with 'reply',
 * each later one with fake_later_reply, and closes when the client hangs up.
 */
static int fake_reply_server(int lfd, const char *reply)
{
	char buf[4096];
	int fd = accept(lfd, NULL, NULL);
	size_t len = strlen(reply);

	if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0 || write(fd, reply, len) != (ssize_t) len) {
		return 1;
	}
	/* Wait for the client to hang up, so the replies are read before any close. */
	while (read(fd, buf, sizeof(buf)) > 0) {
		if (fake_later_reply != NULL) {
			len = strlen(fake_later_reply);
			if (write(fd, fake_later_reply, len) != (ssize_t) len) {
				return 2;
			}
		}
	}
	close(fd);
	return 0;
}

/*
 * Acquires (EXCLUSIVE) against a stand-in server answering 'reply' first
 * and 'later' to anything after (NULL: nothing); returns the code.
 */
static int acquire_against(const char *reply, const char *later, char *msg, size_t msg_size)
{
	tsr_store *st;
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	fake f;
	int rc;

	fake_later_reply = later;
	fake_start(&f, fake_reply_server, reply);
	st = open_ok(f.dsn, 1000, 10000);
	rc = tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp);
	snprintf(msg, msg_size, "%s", tsr_store_error(st)->errstr);
	tsr_bytes_free(&rec);
	tsr_store_release(st, lock);
	tsr_store_close(st);
	assert_int_equal(tsr_test_wait(f.pid), 0);
	return rc;
}

static void test_malformed_server_replies_refused(void **state)
{
	static const char *const replies[] = {
	    FAKE_EXEC(":5\r\n", "$-1\r\n"),                      /* not an array */
	    FAKE_EXEC("*0\r\n", "$-1\r\n"),                      /* empty */
	    FAKE_EXEC("*2\r\n$3\r\nabc\r\n:1\r\n", "$-1\r\n"),   /* status not an integer */
	    FAKE_EXEC("*2\r\n:1\r\n$1\r\nx\r\n", "$1\r\nx\r\n"), /* deadline not an integer */
	    FAKE_EXEC("*2\r\n:0\r\n$2\r\n10\r\n", "$-1\r\n"),    /* busy, but the ttl is no integer */
	    FAKE_EXEC("*3\r\n:1\r\n:5\r\n:1\r\n", "$-1\r\n"),    /* too many elements */
	    FAKE_EXEC("*2\r\n:1\r\n:-2\r\n", "$1\r\nx\r\n"),     /* a record, but "no key" */
	};
	char msg[TSR_ERRSTR_SIZE];
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(replies) / sizeof(replies[0]); i++) {
		int rc = acquire_against(replies[i], NULL, msg, sizeof(msg));

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
	/* An error inside EXEC: retried alone, and the error of that retry is what is reported. */
	assert_int_equal(acquire_against(FAKE_EXEC("-ERR something broke\r\n", "$-1\r\n"),
	                                 "-ERR something broke\r\n", msg, sizeof(msg)),
	                 TSR_EIO);
	assert_non_null(strstr(msg, "acquire: ERR something broke"));
	assert_int_equal(acquire_against("-LOADING dataset\r\n-LOADING dataset\r\n"
	                                 "-LOADING dataset\r\n-LOADING dataset\r\n",
	                                 "-LOADING dataset\r\n", msg, sizeof(msg)),
	                 TSR_EUNREACHABLE);
	assert_non_null(strstr(msg, "LOADING"));
}

/*
 * A stand-in server on 'lfd' that accepts one connection and never
 * answers: it reads (and drops) whatever comes until the client hangs up.
 */
static int fake_silent_server(int lfd, const char *reply)
{
	char buf[4096];
	int fd = accept(lfd, NULL, NULL);

	(void) reply;
	if (fd < 0) {
		return 1;
	}
	while (read(fd, buf, sizeof(buf)) > 0) {
	}
	close(fd);
	return 0;
}

/*
 * read_timeout is honoured: a server that accepts and never replies makes
 * acquire fail once the timeout (0.2 s) has passed, with a message that
 * says so, and not much later (a behaviour bound, not a speed test).
 */
static void test_read_timeout_honoured(void **state)
{
	tsr_store *st;
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	char dsn[128];
	int64_t exp, t0, took;
	fake f;
	int rc;

	(void) state;
	fake_start(&f, fake_silent_server, NULL);
	snprintf(dsn, sizeof(dsn), "%s?read_timeout=0.2", f.dsn);
	st = open_ok(dsn, 1000, 10000); /* no AUTH, no SELECT: nothing to answer yet */
	t0 = tsr_test_mono_ms();
	rc = tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp);
	took = tsr_test_mono_ms() - t0;
	if (rc != TSR_EUNREACHABLE || strstr(tsr_store_error(st)->errstr, "read timed out") == NULL) {
		fail_msg("got %s (%s), want TSR_EUNREACHABLE (read timed out)", tsr_errname(rc),
		         tsr_store_error(st)->errstr);
	}
	assert_null(lock);
	if (took < 150 || took >= 2000) {
		fail_msg("acquire failed after %lld ms, want 150 .. 2000 (read_timeout 0.2 s)",
		         (long long) took);
	}
	tsr_store_close(st); /* hangs up: the stand-in returns */
	assert_int_equal(tsr_test_wait(f.pid), 0);
}

/*
 * connect_timeout is honoured. A loopback listener with a backlog of 0
 * whose accept queue is already full drops every further SYN (Linux
 * counts it in ListenOverflows), so a connect() to it neither succeeds nor
 * is refused: it waits until the client gives up. The queue is filled by
 * connections that are never accepted, until one of them stays pending.
 */
static void test_connect_timeout_honoured(void **state)
{
	struct sockaddr_in addr = {0};
	socklen_t alen = sizeof(addr);
	int lfd, fillers[8], n_fill = 0, i;
	bool full = false;
	tsr_store *st = NULL;
	tsr_error e;
	char dsn[128];
	int64_t t0, took;
	int rc;

	(void) state;
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *) &addr, sizeof(addr)), 0);
	assert_int_equal(listen(lfd, 0), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *) &addr, &alen), 0);
	while (!full && n_fill < (int) (sizeof(fillers) / sizeof(fillers[0]))) {
		struct pollfd p;
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

		assert_true(fd >= 0);
		fillers[n_fill++] = fd;
		if (connect(fd, (struct sockaddr *) &addr, sizeof(addr)) == 0) {
			continue;
		}
		assert_int_equal(errno, EINPROGRESS);
		p = (struct pollfd){.fd = fd, .events = POLLOUT};
		/* A loopback handshake the queue has room for completes at once; 500 ms is slack. */
		full = poll(&p, 1, 500) == 0;
	}
	assert_true(full);

	snprintf(dsn, sizeof(dsn), "redis://127.0.0.1:%d?connect_timeout=0.2",
	         (int) ntohs(addr.sin_port));
	t0 = tsr_test_mono_ms();
	rc = open_store(dsn, 1000, 10000, &st, &e);
	took = tsr_test_mono_ms() - t0;
	if (rc != TSR_EUNREACHABLE || strstr(e.errstr, "timed out") == NULL) {
		fail_msg("got %s (%s), want TSR_EUNREACHABLE (timed out)", tsr_errname(rc), e.errstr);
	}
	assert_null(st);
	if (took < 150 || took >= 2000) {
		fail_msg("open failed after %lld ms, want 150 .. 2000 (connect_timeout 0.2 s)",
		         (long long) took);
	}
	for (i = 0; i < n_fill; i++) {
		close(fillers[i]);
	}
	close(lfd);
}

/* The value of "<name>:calls=N" in an INFO commandstats text (0 when absent). */
static long long commandstat_calls(const char *info, const char *name)
{
	char needle[64];
	const char *p;

	snprintf(needle, sizeof(needle), "cmdstat_%s:calls=", name);
	p = strstr(info, needle);
	return p != NULL ? atoll(p + strlen(needle)) : 0;
}

/* INFO commandstats on the open connection 'c' (already authenticated). */
static void commandstats(redisContext *c, long long *auth, long long *select)
{
	redisReply *r = redisCommand(c, "INFO commandstats");

	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STRING);
	*auth = commandstat_calls(r->str, "auth");
	*select = commandstat_calls(r->str, "select");
	freeReplyObject(r);
}

/* The count 'field' ("failed_calls", ...) of command 'name' in the INFO commandstats text 'info'.
 */
static long long commandstat_field(const char *info, const char *name, const char *field)
{
	char needle[64];
	const char *p, *end;

	snprintf(needle, sizeof(needle), "cmdstat_%s:", name);
	p = strstr(info, needle);
	if (p == NULL) {
		return 0;
	}
	end = strchr(p, '\n');
	snprintf(needle, sizeof(needle), ",%s=", field);
	p = strstr(p, needle);
	return p != NULL && (end == NULL || p < end) ? atoll(p + strlen(needle)) : 0;
}

/*
 * Scripts the target's servers have run by EVALSHA so far, summed over its
 * nodes: calls answered NOSCRIPT (a node that had not loaded the script
 * yet, which depends on what ran before) are left out.
 */
static long long evalsha_calls(void)
{
	int n = target == TARGET_CLUSTER ? N_NODES : 1, i;
	long long sum = 0;

	for (i = 0; i < n; i++) {
		redisReply *r = raw(target == TARGET_CLUSTER ? ports[i] : port_single, "INFO commandstats");

		assert_non_null(r);
		assert_int_equal(r->type, REDIS_REPLY_STRING);
		sum += commandstat_calls(r->str, "evalsha") -
		       commandstat_field(r->str, "evalsha", "failed_calls");
		freeReplyObject(r);
	}
	return sum;
}

/*
 * gc runs its script only for sessions that are due: those whose deadline
 * has not come are skipped after one PEXPIRETIME each, so a gc over a
 * store of live sessions (Redis drops expired records itself) costs no
 * script call per session. Those past the deadline still go through the
 * script, which deletes them (test_gc_deletes_only_unlocked_past_deadline).
 */
static void test_gc_skips_sessions_not_due(void **state)
{
	char pfx[96];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	int64_t now = wall_ms();
	uint64_t deleted = 99;
	long long before;
	tsr_key k[20];
	size_t i;

	(void) state;
	for (i = 0; i < 20; i++) {
		k[i] = new_key();
		create_text(st, &k[i], "live", now + 100000);
	}
	before = evalsha_calls();
	assert_rc(st, tsr_store_gc(st, now, &deleted), TSR_OK);
	assert_int_equal(deleted, 0);
	assert_int_equal(evalsha_calls() - before, 0);
	before = evalsha_calls();
	assert_rc(st, tsr_store_gc(st, now + 200000, &deleted), TSR_OK);
	assert_int_equal(deleted, 20);
	assert_int_equal(evalsha_calls() - before, 20);
	tsr_store_close(st);
}

/*
 * gc reads a user set's members with a plain GETRANGE each, no script: a
 * set of live sessions costs it no EVALSHA at all. A stale member (record
 * gone, or a key of another type where the record was) is still pruned,
 * through the script that checks it again (USER_PRUNE on one server;
 * USER_CLAIM and RELEASE on a cluster), once per stale member.
 */
static void test_user_gc_runs_no_script_per_live_member(void **state)
{
	char pfx[96], gone_rec[200], list_rec[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key live[20], gone = new_key(), listed = new_key();
	long long per_stale = target == TARGET_CLUSTER ? 2 : 1, before;
	uint64_t deleted = 99;
	size_t i;

	(void) state;
	for (i = 0; i < 20; i++) {
		live[i] = new_key();
		create_record(st, &live[i], "ann", wall_ms() + 600000);
	}
	before = evalsha_calls();
	assert_rc(st, tsr_store_gc(st, wall_ms(), &deleted), TSR_OK);
	assert_int_equal(deleted, 0);
	assert_int_equal(evalsha_calls() - before, 0);
	assert_int_equal(user_set_size(pfx, "ann"), 20);

	create_record(st, &gone, "ann", wall_ms() + 600000);
	create_record(st, &listed, "ann", wall_ms() + 600000);
	key_name_in(gone_rec, sizeof(gone_rec), pfx, &gone, "rec");
	key_name_in(list_rec, sizeof(list_rec), pfx, &listed, "rec");
	assert_int_equal(key_int("DEL %s", gone_rec), 1);
	assert_int_equal(key_int("DEL %s", list_rec), 1);
	assert_int_equal(key_int("RPUSH %s x", list_rec), 1);
	before = evalsha_calls();
	assert_rc(st, tsr_store_gc(st, wall_ms(), &deleted), TSR_OK);
	assert_int_equal(evalsha_calls() - before, 2 * per_stale);
	assert_int_equal(in_user_set(pfx, "ann", &gone), 0);
	assert_int_equal(in_user_set(pfx, "ann", &listed), 0);
	assert_int_equal(user_set_size(pfx, "ann"), 20);
	assert_int_equal(key_int("DEL %s", list_rec), 1);
	tsr_store_close(st);
}

/*
 * A key where a user set would be that is no set (another program's
 * string under our prefix) is none of gc's business: gc leaves it as it
 * is and still prunes the real sets, instead of failing as a whole.
 */
static void test_user_gc_skips_a_key_that_is_no_set(void **state)
{
	char pfx[96], foreign[200], gone_rec[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key gone = new_key(), live = new_key();
	uint64_t deleted = 99;

	(void) state;
	user_set_name(foreign, sizeof(foreign), pfx, "not-a-set");
	assert_int_equal(key_int("SETNX %s planted", foreign), 1);
	create_record(st, &live, "ann", wall_ms() + 600000);
	create_record(st, &gone, "ann", wall_ms() + 600000);
	key_name_in(gone_rec, sizeof(gone_rec), pfx, &gone, "rec");
	assert_int_equal(key_int("DEL %s", gone_rec), 1);

	assert_rc(st, tsr_store_gc(st, wall_ms(), &deleted), TSR_OK);
	assert_int_equal(in_user_set(pfx, "ann", &gone), 0);
	assert_int_equal(in_user_set(pfx, "ann", &live), 1);
	assert_int_equal(key_int("STRLEN %s", foreign), (long long) strlen("planted"));
	assert_int_equal(key_int("DEL %s", foreign), 1);
	tsr_store_close(st);
}

/*
 * AUTH and SELECT run once per connection, not per call: the server's own
 * command counters move by exactly one each across many operations on one
 * persistent connection. The observer's connection authenticates before
 * the first count, so it adds nothing in between.
 */
static void test_auth_and_select_once_per_connection(void **state)
{
	redisContext *c = redisConnect("127.0.0.1", port_auth);
	long long auth0, select0, auth1, select1;
	redisReply *r;
	tsr_store *st;
	char dsn[700], buf[32];
	int i;

	(void) state;
	assert_non_null(c);
	assert_int_equal(c->err, 0);
	r = redisCommand(c, "AUTH %s", AUTH_PASSWORD);
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STATUS);
	freeReplyObject(r);
	commandstats(c, &auth0, &select0);

	snprintf(dsn, sizeof(dsn), "redis://:%s@127.0.0.1:%d/2?prefix=%s", AUTH_PASSWORD, port_auth,
	         prefix);
	st = open_ok(dsn, 1000, 10000);
	for (i = 0; i < 20; i++) {
		tsr_key k = new_key();

		create_text(st, &k, "counted", wall_ms() + 60000);
		assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
		assert_string_equal(buf, "counted");
	}
	assert_int_equal(stats_of(st).connects, 1);
	commandstats(c, &auth1, &select1);
	if (auth1 - auth0 != 1 || select1 - select0 != 1) {
		fail_msg("AUTH ran %lld times, SELECT %lld times over 60 calls; want 1 and 1",
		         auth1 - auth0, select1 - select0);
	}
	tsr_store_close(st);
	redisFree(c);
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
	tsr_store *st = open_target(1000, 10000);
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
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32], expect[128];
	tsr_store *st2 = NULL;
	tsr_error e;
	char dsn[700];

	(void) state;
	create_text(st, &k, "v1", wall_ms() + 60000);
	stop_single();
	snprintf(expect, sizeof(expect), "redis 127.0.0.1:%d: Connection refused", port_single);
	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_EUNREACHABLE);
	assert_null(lock);
	assert_string_equal(tsr_store_error(st)->errstr, expect);
	dsn_make(dsn, sizeof(dsn), NULL, NULL);
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
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	char buf[32];

	(void) state;
	create_text(st, &k, "v1", wall_ms() + 60000);
	stop_single();
	assert_int_equal(run_servers_script(), 0);
	/* The idle connection died with the server: the next call replaces it and succeeds. */
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_ENOTFOUND);
	assert_int_equal(stats_of(st).connects, 2);
	tsr_store_close(st);
}

static void test_persistent_connection_reused(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	char buf[32];

	(void) state;
	create_text(st, &k, "a", wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_int_equal(stats_of(st).connects, 1);
	tsr_store_close(st);
}

static void test_not_persistent_closes_when_idle(void **state)
{
	char dsn[700];
	tsr_store *st;
	tsr_key k = new_key();
	char buf[32];

	(void) state;
	dsn_make(dsn, sizeof(dsn), NULL, "&persistent=0");
	st = open_ok(dsn, 1000, 10000);
	create_text(st, &k, "a", wall_ms() + 60000); /* one connection: acquire .. release */
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	/* open, the create (held across acquire/write/release) and the read. */
	assert_int_equal(stats_of(st).connects, 3);
	tsr_store_close(st);
}

/* ==== cluster only ============================================================================ */

static void node_id(int port, char *out, size_t size)
{
	redisReply *r = raw(port, "CLUSTER MYID");

	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STRING);
	snprintf(out, size, "%s", r->str);
	freeReplyObject(r);
}

/* A master other than 'port'. */
static int other_port(int port)
{
	return port == ports[0] ? ports[1] : ports[0];
}

/* Starts moving 'slot' from 'from' to 'to' (IMPORTING / MIGRATING), no keys moved. */
static void migration_begin(unsigned slot, int from, int to)
{
	char from_id[64], to_id[64];

	node_id(from, from_id, sizeof(from_id));
	node_id(to, to_id, sizeof(to_id));
	raw_ok(to, "CLUSTER SETSLOT %u IMPORTING %s", slot, from_id);
	raw_ok(from, "CLUSTER SETSLOT %u MIGRATING %s", slot, to_id);
}

/* Moves the keys of 'slot' from 'from' to 'to' and hands the slot to 'to' on every node. */
static void migration_finish(unsigned slot, int from, int to)
{
	char to_id[64];
	int i;

	node_id(to, to_id, sizeof(to_id));
	for (;;) {
		redisReply *keys = raw(from, "CLUSTER GETKEYSINSLOT %u 100", slot);
		size_t k;

		assert_non_null(keys);
		assert_int_equal(keys->type, REDIS_REPLY_ARRAY);
		if (keys->elements == 0) {
			freeReplyObject(keys);
			break;
		}
		for (k = 0; k < keys->elements; k++) {
			raw_ok(from, "MIGRATE 127.0.0.1 %d %b 0 5000", to, keys->element[k]->str,
			       keys->element[k]->len);
		}
		freeReplyObject(keys);
	}
	raw_ok(to, "CLUSTER SETSLOT %u NODE %s", slot, to_id);
	raw_ok(from, "CLUSTER SETSLOT %u NODE %s", slot, to_id);
	for (i = 0; i < N_NODES; i++) {
		if (ports[i] != from && ports[i] != to) {
			raw_ok(ports[i], "CLUSTER SETSLOT %u NODE %s", slot, to_id);
		}
	}
}

static void test_cluster_slot_function_matches_server(void **state)
{
	int i;

	(void) state;
	for (i = 0; i < 200; i++) {
		tsr_key k = new_key();
		char name[200];
		long long server;

		/* plain keys, session keys with a tag, and odd tags */
		if (i % 3 == 0) {
			snprintf(name, sizeof(name), "%s", k.hex + (i % 50));
		} else if (i % 3 == 1) {
			key_name(name, sizeof(name), &k, "rec");
		} else {
			snprintf(name, sizeof(name), "a{}%.*s{%.*s}", i % 7, k.hex, i % 5, k.hex + 10);
		}
		server = raw_int(ports[i % N_NODES], "CLUSTER KEYSLOT %s", name);
		assert_int_equal(tsr__redis_key_slot(name, strlen(name)), server);
	}
}

static void test_cluster_session_keys_live_in_one_slot_on_its_owner(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_store *waiter = open_target(300, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL, *second = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char rec_key[200], lock_key[200], wake_key[200], waiters_key[200];
	int owner;

	(void) state;
	key_name(rec_key, sizeof(rec_key), &k, "rec");
	key_name(lock_key, sizeof(lock_key), &k, "lock");
	key_name(wake_key, sizeof(wake_key), &k, "wake");
	key_name(waiters_key, sizeof(waiters_key), &k, "waiters");
	assert_int_equal(raw_int(ports[0], "CLUSTER KEYSLOT %s", rec_key), key_slot(&k));
	assert_int_equal(raw_int(ports[1], "CLUSTER KEYSLOT %s", lock_key), key_slot(&k));
	assert_int_equal(raw_int(ports[2], "CLUSTER KEYSLOT %s", wake_key), key_slot(&k));
	assert_int_equal(raw_int(ports[0], "CLUSTER KEYSLOT %s", waiters_key), key_slot(&k));
	owner = owner_port(key_slot(&k), ports[0]);

	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(write_text(st, lock, "slot", wall_ms() + 60000, TSR_WRITE_CREATE), TSR_OK);
	assert_int_equal(raw_int(owner, "EXISTS %s", rec_key), 1);
	assert_int_equal(raw_int(owner, "EXISTS %s", lock_key), 1);
	assert_int_equal(tsr_store_acquire(waiter, &k, TSR_LOCK_EXCLUSIVE, &second, &rec, &exp),
	                 TSR_ELOCKTIMEOUT);
	assert_int_equal(raw_int(owner, "EXISTS %s", waiters_key), 1);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(raw_int(owner, "EXISTS %s", lock_key), 0);
	assert_int_equal(raw_int(owner, "LLEN %s", wake_key), 2); /* the release's two wake-ups */
	tsr_store_close(waiter);
	tsr_store_close(st);
}

static void test_cluster_one_seed_that_does_not_own_the_slot(void **state)
{
	tsr_key k = new_key();
	int owner = owner_port(key_slot(&k), ports[0]);
	char dsn[256], buf[32];
	tsr_store *st;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis+cluster://127.0.0.1:%d?prefix=%s", other_port(owner), prefix);
	st = open_ok(dsn, 1000, 10000);
	create_text(st, &k, "seeded", wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "seeded");
	tsr_store_close(st);
}

static void test_cluster_moved_after_slot_migration(void **state)
{
	tsr_store *st = open_target(1000, 10000);
	tsr_key k = new_key();
	unsigned slot = key_slot(&k);
	int from = owner_port(slot, ports[0]), to = other_port(from);
	tsr_redis_stats before, after;
	char buf[32];

	(void) state;
	create_text(st, &k, "moving", wall_ms() + 60000);
	before = stats_of(st);
	migration_begin(slot, from, to);
	migration_finish(slot, from, to);
	assert_int_equal(owner_port(slot, ports[2]), to);
	/* The handle's map still names 'from': MOVED sends it to 'to'. */
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "moving");
	after = stats_of(st);
	assert_int_equal(after.moved - before.moved, 1);
	assert_true(after.refreshes > before.refreshes);
	/* Locking follows the slot. */
	create_text(st, &k, "moved", wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "moved");
	tsr_store_close(st);
}

/* EXISTS 'key' on 'port' after ASKING (sees the keys of a slot the node is importing). */
static long long raw_asking_exists(int port, const char *key)
{
	redisContext *c = redisConnect("127.0.0.1", port);
	redisReply *r;
	long long v;

	assert_non_null(c);
	assert_int_equal(c->err, 0);
	r = redisCommand(c, "ASKING");
	assert_non_null(r);
	freeReplyObject(r);
	r = redisCommand(c, "EXISTS %s", key);
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_INTEGER);
	v = r->integer;
	freeReplyObject(r);
	redisFree(c);
	return v;
}

/* How many TRYAGAIN answers the server at 'port' has given (INFO errorstats). */
static long long tryagain_count(int port)
{
	redisReply *r = raw(port, "INFO errorstats");
	const char *p;
	long long n = 0;

	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_STRING);
	p = strstr(r->str, "errorstat_TRYAGAIN:count=");
	if (p != NULL) {
		n = atoll(p + strlen("errorstat_TRYAGAIN:count="));
	}
	freeReplyObject(r);
	return n;
}

/* Waits (bounded, 10 s) until the server at 'port' has answered TRYAGAIN more than 'seen' times. */
static void wait_tryagain(int port, long long seen)
{
	int64_t limit = tsr_test_mono_ms() + 10000;
	struct timespec ts = {0, 2 * 1000000L};

	while (tryagain_count(port) <= seen) {
		if (tsr_test_mono_ms() > limit) {
			fail_msg("no TRYAGAIN from port %d after 10 s", port);
		}
		nanosleep(&ts, NULL);
	}
}

static void test_cluster_ask_during_migration(void **state)
{
	tsr_store *st = open_target(1000, 10000), *brief = open_target(300, 10000);
	tsr_key k = new_key();
	unsigned slot = key_slot(&k);
	int from = owner_port(slot, ports[0]), to = other_port(from);
	tsr_redis_stats before, after;
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp, t0, took;
	char buf[32], rec_key[200], lock_key[200];
	child_report rep;
	long long tries;
	redisReply *r;
	int fd;
	pid_t pid;

	(void) state;
	key_name(rec_key, sizeof(rec_key), &k, "rec");
	key_name(lock_key, sizeof(lock_key), &k, "lock");
	create_text(st, &k, "asked", wall_ms() + 60000);
	/* The importing node has no script yet: the ASK target answers NOSCRIPT first. */
	r = raw(to, "SCRIPT FLUSH");
	assert_non_null(r);
	freeReplyObject(r);
	migration_begin(slot, from, to);
	raw_ok(from, "MIGRATE 127.0.0.1 %d %s 0 5000", to, rec_key);
	before = stats_of(st);

	/* A one-key script: 'from' no longer has the record and answers ASK. */
	assert_rc(st, read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "asked");
	after = stats_of(st);
	assert_true(after.asked - before.asked >= 1);
	assert_int_equal(after.noscript - before.noscript, 1);

	/*
	 * Lock + read touches two keys split by the migration: Redis says
	 * TRYAGAIN until it ends. Acquire retries within its wait limit (here
	 * 300 ms), then fails with a clear error, not much later.
	 */
	t0 = tsr_test_mono_ms();
	assert_rc(brief, tsr_store_acquire(brief, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	          TSR_EUNREACHABLE);
	took = tsr_test_mono_ms() - t0;
	assert_null(lock);
	assert_non_null(strstr(tsr_store_error(brief)->errstr, "still migrating"));
	assert_non_null(strstr(tsr_store_error(brief)->errstr, "lock wait limit"));
	if (took < 250 || took >= 2000) {
		fail_msg("acquire gave up after %lld ms, want 250 .. 2000 (wait limit 300 ms)",
		         (long long) took);
	}
	r = raw(from, "EXISTS %s", lock_key); /* a key the migrating node lacks: ASK */
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_ERROR);
	assert_memory_equal(r->str, "ASK ", 4);
	freeReplyObject(r);
	assert_int_equal(raw_asking_exists(to, lock_key), 0);

	/*
	 * A waiter with a 10 s limit keeps retrying past the client's default
	 * budget (10 retries, about half a second): once the server has told it
	 * TRYAGAIN 12 times, the migration ends, and its acquire then succeeds.
	 */
	tries = tryagain_count(to);
	pid = spawn_acquirer(&k, 10000, "child", &fd);
	wait_tryagain(to, tries + 12);
	migration_finish(slot, from, to);
	collect_report(fd, pid, &rep);
	assert_int_equal(rep.rc, TSR_OK);
	assert_in_range(rep.took_ms, 0, 9999);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf), NULL), TSR_OK);
	assert_string_equal(buf, "child");

	assert_rc(st, tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp), TSR_OK);
	assert_int_equal(rec.len, 5);
	assert_memory_equal(rec.data, "child", 5);
	tsr_bytes_free(&rec);
	assert_rc(st, write_text(st, lock, "done", wall_ms() + 60000, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(raw_int(to, "EXISTS %s", rec_key), 1);
	tsr_store_close(brief);
	tsr_store_close(st);
}

static void test_cluster_list_and_gc_cover_every_master(void **state)
{
	char pfx[96];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	bool on_port[N_NODES] = {false};
	int i, j, n_owners = 0;
	int64_t now = wall_ms();
	list_seen seen;
	uint64_t deleted = 0;

	(void) state;
	for (i = 0; i < 12; i++) {
		tsr_key k = new_key();
		int owner = owner_port(key_slot(&k), ports[0]);

		for (j = 0; j < N_NODES; j++) {
			on_port[j] = on_port[j] || ports[j] == owner;
		}
		create_text(st, &k, "x", now + 10000);
	}
	for (j = 0; j < N_NODES; j++) {
		n_owners += on_port[j] ? 1 : 0;
	}
	assert_true(n_owners >= 2);
	list_into(st, NULL, &seen);
	assert_int_equal(seen.count, 12);
	assert_rc(st, tsr_store_gc(st, now + 50000, &deleted), TSR_OK);
	assert_int_equal(deleted, 12);
	list_into(st, NULL, &seen);
	assert_int_equal(seen.count, 0);
	tsr_store_close(st);
}

/*
 * A user's set lives in its own slot, on whichever master serves it, and
 * the user's sessions on theirs: listing, destroying and gc reach across.
 */
static void test_cluster_user_set_apart_from_its_sessions(void **state)
{
	char pfx[96], set[200];
	tsr_store *st = open_isolated(pfx, sizeof(pfx));
	tsr_key keys[12];
	int i, set_port, apart = 0;
	uint64_t deleted;
	tsr_lock *lock;
	list_seen seen;

	(void) state;
	user_set_name(set, sizeof(set), pfx, "ann");
	set_port = key_port(set);
	for (i = 0; i < 12; i++) {
		keys[i] = new_key();
		create_record(st, &keys[i], "ann", wall_ms() + 600000);
		apart += owner_port(key_slot(&keys[i]), ports[0]) != set_port ? 1 : 0;
	}
	assert_true(apart >= 1);
	assert_int_equal(raw_int(set_port, "SCARD %s", set), 12);
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 12);
	for (i = 0; i < 12; i++) {
		assert_true(seen_has(&seen, &keys[i]));
	}
	lock = lock_session(st, &keys[0]);
	assert_rc(st, tsr_store_destroy(st, lock, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(raw_int(set_port, "SCARD %s", set), 11);
	list_into(st, "ann", &seen);
	assert_int_equal(seen.count, 11);
	assert_false(seen_has(&seen, &keys[0]));
	assert_rc(st, tsr_store_gc(st, wall_ms(), &deleted), TSR_OK);
	assert_int_equal(raw_int(set_port, "SCARD %s", set), 11);
	tsr_store_close(st);
}

static void test_cluster_unreachable_seeds(void **state)
{
	tsr_error e;

	(void) state;
	expect_open_fails("redis+cluster://127.0.0.1:1", TSR_EUNREACHABLE, "Connection refused", &e);
	assert_string_equal(e.errstr, "redis 127.0.0.1:1: Connection refused");
}

static void test_cluster_seed_that_is_no_cluster(void **state)
{
	char dsn[128];
	tsr_error e;

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis+cluster://127.0.0.1:%d", port_single);
	expect_open_fails(dsn, TSR_EIO, "cluster support disabled", &e);
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

/* Reads the servers' settings, takes the lock (once) and starts the servers. */
static int servers_setup(void)
{
	static bool locked;
	const char *dir = getenv("TSR_REDIS_DIR");
	const char *tmp = getenv("TMPDIR");
	int base = env_int("TSR_REDIS_CLUSTER_BASE", 7101), i;

	port_single = env_int("TSR_REDIS_PORT", 6390);
	port_auth = env_int("TSR_REDIS_AUTH_PORT", 6391);
	for (i = 0; i < N_NODES; i++) {
		ports[i] = base + i;
	}
	if (dir != NULL && *dir != '\0') {
		snprintf(server_dir, sizeof(server_dir), "%s", dir);
	} else {
		snprintf(server_dir, sizeof(server_dir), "%s/tessera-redis-%u",
		         tmp != NULL && *tmp != '\0' ? tmp : "/tmp", (unsigned) getuid());
	}
	snprintf(prefix, sizeof(prefix), "tsrtest:%d:", (int) getpid());
	if (!locked && lock_servers(server_dir) != 0) {
		fprintf(stderr, "test_store_redis: cannot lock %s/tests.lock\n", server_dir);
		return -1;
	}
	locked = true;
	if (getenv("TSR_REDIS_NO_START") == NULL && run_servers_script() != 0) {
		fprintf(stderr, "test_store_redis: scripts/redis-test-servers.sh start failed\n");
		return -1;
	}
	return 0;
}

static int setup_tcp(void **state)
{
	(void) state;
	target = TARGET_TCP;
	return servers_setup();
}

static int setup_unix(void **state)
{
	(void) state;
	target = TARGET_UNIX;
	return servers_setup();
}

static int setup_cluster(void **state)
{
	(void) state;
	target = TARGET_CLUSTER;
	return servers_setup();
}

/* The cases every target runs. */
#define SHARED_TESTS                                                                               \
	cmocka_unit_test(test_round_trip_binary_record),                                               \
	    cmocka_unit_test(test_unknown_session_not_found),                                          \
	    cmocka_unit_test(test_record_expires_at_deadline),                                         \
	    cmocka_unit_test(test_lock_key_carries_token_and_ttl),                                     \
	    cmocka_unit_test(test_lock_ttl_changed_after_open_applies),                                \
	    cmocka_unit_test(test_touch_moves_deadline_only),                                          \
	    cmocka_unit_test(test_destroy_release_removes_record_and_lock),                            \
	    cmocka_unit_test(test_write_without_create_on_destroyed_session_is_gone),                  \
	    cmocka_unit_test(test_none_mode_write_honours_create_rule),                                \
	    cmocka_unit_test(test_read_only_refuses_write),                                            \
	    cmocka_unit_test(test_noscript_recovered_after_script_flush),                              \
	    cmocka_unit_test(test_large_record_one_trip_each_way),                                     \
	    cmocka_unit_test(test_exclusive_acquire_is_one_round_trip),                                \
	    cmocka_unit_test(test_touch_and_unlock_is_one_round_trip),                                 \
	    cmocka_unit_test(test_refused_writes_leave_no_staged_record),                              \
	    cmocka_unit_test(test_one_trip_paths_recover_from_script_flush),                           \
	    cmocka_unit_test(test_exclusive_excludes_second_holder),                                   \
	    cmocka_unit_test(test_waiter_woken_by_release),                                            \
	    cmocka_unit_test(test_waiter_killed_while_waiting_strands_no_one),                         \
	    cmocka_unit_test(test_unpoppable_wake_list_fails_the_wait),                                \
	    cmocka_unit_test(test_waiter_queue_drains_without_waking_everyone),                        \
	    cmocka_unit_test(test_wait_limit_gives_lock_timeout),                                      \
	    cmocka_unit_test(test_stale_holder_write_is_lost_and_newer_survives),                      \
	    cmocka_unit_test(test_stale_holder_touch_and_destroy_are_lost),                            \
	    cmocka_unit_test(test_release_never_deletes_another_holders_lock),                         \
	    cmocka_unit_test(test_killed_holder_lock_ends_after_ttl),                                  \
	    cmocka_unit_test(test_release_without_waiters_pushes_no_wake_up),                          \
	    cmocka_unit_test(test_wake_list_capped_and_short_lived),                                   \
	    cmocka_unit_test(test_list_all_and_by_user),                                               \
	    cmocka_unit_test(test_user_list_names_a_foreign_index_key),                                \
	    cmocka_unit_test(test_list_stops_when_visitor_says_so),                                    \
	    cmocka_unit_test(test_gc_deletes_only_unlocked_past_deadline),                             \
	    cmocka_unit_test(test_gc_skips_sessions_not_due),                                          \
	    cmocka_unit_test(test_user_list_reads_only_that_users_sessions),                           \
	    cmocka_unit_test(test_user_rebind_moves_session),                                          \
	    cmocka_unit_test(test_user_unbound_session_leaves_set),                                    \
	    cmocka_unit_test(test_user_destroy_removes_member),                                        \
	    cmocka_unit_test(test_user_set_expiry_covers_deadline),                                    \
	    cmocka_unit_test(test_user_unchanged_write_is_one_round_trip),                             \
	    cmocka_unit_test(test_user_stale_guess_still_indexed),                                     \
	    cmocka_unit_test(test_user_expired_member_pruned_by_list),                                 \
	    cmocka_unit_test(test_user_expired_member_pruned_by_gc),                                   \
	    cmocka_unit_test(test_user_gc_runs_no_script_per_live_member),                             \
	    cmocka_unit_test(test_user_gc_skips_a_key_that_is_no_set),                                 \
	    cmocka_unit_test(test_user_login_write_trips),                                             \
	    cmocka_unit_test(test_user_prune_skips_locked_session),                                    \
	    cmocka_unit_test(test_user_set_unwritable_refuses_write),                                  \
	    cmocka_unit_test(test_user_list_after_script_flush),                                       \
	    cmocka_unit_test(test_concurrent_increments_lose_nothing)

int main(void)
{
	const struct CMUnitTest tcp[] = {
	    SHARED_TESTS,
	    cmocka_unit_test(test_persistent_connection_reused),
	    cmocka_unit_test(test_not_persistent_closes_when_idle),
	    cmocka_unit_test(test_dsn_unknown_option_named),
	    cmocka_unit_test(test_dsn_timeout_zero_refused),
	    cmocka_unit_test(test_dsn_timeout_not_a_number_refused),
	    cmocka_unit_test(test_dsn_prefix_unsafe_char_refused),
	    cmocka_unit_test(test_dsn_persistent_must_be_bit),
	    cmocka_unit_test(test_dsn_decimal_timeouts_accepted),
	    cmocka_unit_test(test_dsn_user_without_password_refused),
	    cmocka_unit_test(test_slot_matches_cluster_spec_vectors),
	    cmocka_unit_test(test_session_keys_share_one_slot),
	    cmocka_unit_test(test_auth_with_acl_user),
	    cmocka_unit_test(test_auth_wrong_password_is_clear_error),
	    cmocka_unit_test(test_auth_password_only),
	    cmocka_unit_test(test_auth_password_only_wrong),
	    cmocka_unit_test(test_select_db),
	    cmocka_unit_test(test_select_missing_db_is_clear_error),
	    cmocka_unit_test(test_user_gc_reads_sets_together),
	    cmocka_unit_test(test_unix_socket),
	    cmocka_unit_test(test_unix_socket_missing_is_unreachable),
	    cmocka_unit_test(test_pipeline_formatted_as_hiredis_does),
	    cmocka_unit_test(test_server_closing_mid_write_raises_no_sigpipe),
	    cmocka_unit_test(test_malformed_server_replies_refused),
	    cmocka_unit_test(test_server_error_reply_reported),
	    cmocka_unit_test(test_read_timeout_honoured),
	    cmocka_unit_test(test_connect_timeout_honoured),
	    cmocka_unit_test(test_auth_and_select_once_per_connection),
	    cmocka_unit_test_teardown(test_connection_closed_mid_write_is_unreachable,
	                              restore_query_limit),
	    cmocka_unit_test_teardown(test_server_down_unreachable_then_back, restart_servers),
	    cmocka_unit_test_teardown(test_restart_between_calls_reconnects_silently, restart_servers),
	};
	const struct CMUnitTest unix_socket[] = {
	    SHARED_TESTS,
	    cmocka_unit_test(test_persistent_connection_reused),
	    cmocka_unit_test(test_not_persistent_closes_when_idle),
	};
	const struct CMUnitTest cluster[] = {
	    SHARED_TESTS,
	    cmocka_unit_test(test_cluster_slot_function_matches_server),
	    cmocka_unit_test(test_cluster_session_keys_live_in_one_slot_on_its_owner),
	    cmocka_unit_test(test_cluster_one_seed_that_does_not_own_the_slot),
	    cmocka_unit_test_teardown(test_cluster_moved_after_slot_migration, restart_servers),
	    cmocka_unit_test_teardown(test_cluster_ask_during_migration, restart_servers),
	    cmocka_unit_test(test_cluster_list_and_gc_cover_every_master),
	    cmocka_unit_test(test_cluster_user_set_apart_from_its_sessions),
	    cmocka_unit_test(test_cluster_unreachable_seeds),
	    cmocka_unit_test(test_cluster_seed_that_is_no_cluster),
	};
	const char *filter = getenv("TSR_TEST_FILTER");
	int failed = 0;

	/* TSR_TEST_FILTER=test_name_glob runs only the matching cases of each group. */
	if (filter != NULL && *filter != '\0') {
		cmocka_set_test_filter(filter);
	}
	failed += cmocka_run_group_tests_name("store_redis", tcp, setup_tcp, NULL);
	failed += cmocka_run_group_tests_name("store_redis_unix", unix_socket, setup_unix, NULL);
	failed += cmocka_run_group_tests_name("store_redis_cluster", cluster, setup_cluster, NULL);
	return failed;
}
