/*
 * Unit tests of the redis store driver on a Redis Cluster: three masters on
 * 127.0.0.1 started by scripts/redis-test-servers.sh (the group setup runs
 * "start", which is idempotent; TSR_REDIS_NO_START=1 skips it). Slot
 * migrations are made here with CLUSTER SETSLOT and MIGRATE, so the tests
 * never assume which node serves which slot: they ask the cluster. Runs
 * are serialised with the single-server tests by a lock file (lock_servers).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <hiredis/hiredis.h>

#include "redis_client.h"
#include "tessera/store.h"

#define N_NODES 3

static int ports[N_NODES];
static char prefix[32];

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

/* Opens through the dispatcher, or through the driver while the dispatcher lacks redis. */
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

/* The cluster DSN with every node as a seed and this run's prefix. */
static void dsn_cluster(char *buf, size_t size, const char *pfx)
{
	snprintf(buf, size, "redis+cluster://127.0.0.1:%d,127.0.0.1:%d,127.0.0.1:%d?prefix=%s",
	         ports[0], ports[1], ports[2], pfx != NULL ? pfx : prefix);
}

static tsr_store *open_cluster(int wait_ms, int ttl_ms)
{
	char dsn[256];

	dsn_cluster(dsn, sizeof(dsn), NULL);
	return open_ok(dsn, wait_ms, ttl_ms);
}

static int write_text(tsr_store *st, tsr_lock *lock, const char *text, int64_t expires_at,
                      unsigned flags)
{
	struct tsr_store_write w = {(const uint8_t *) text, strlen(text), expires_at, NULL, flags};

	return tsr_store_write(st, lock, &w);
}

static void create_text(tsr_store *st, const tsr_key *key, const char *text, int64_t expires_at)
{
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp = 0;
	int rc;

	rc = tsr_store_acquire(st, key, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp);
	if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
		fail_msg("acquire: %s: %s", tsr_errname(rc), tsr_store_error(st)->errstr);
	}
	tsr_bytes_free(&rec);
	assert_int_equal(write_text(st, lock, text, expires_at, TSR_WRITE_CREATE | TSR_RELEASE),
	                 TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
}

static int read_text(tsr_store *st, const tsr_key *key, char *buf, size_t size)
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
	tsr_bytes_free(&rec);
	tsr_store_release(st, lock);
	return rc;
}

/* Runs one command on a fresh raw connection to 'port'. */
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

static void key_name(char *buf, size_t size, const tsr_key *k, const char *suffix)
{
	snprintf(buf, size, "%s{%s}:%s", prefix, k->hex, suffix);
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

static int blocked_clients(int port)
{
	redisReply *r = raw(port, "INFO clients");
	const char *p;
	int n = -1;

	assert_non_null(r);
	p = strstr(r->str, "blocked_clients:");
	if (p != NULL) {
		n = atoi(p + strlen("blocked_clients:"));
	}
	freeReplyObject(r);
	return n;
}

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

/* ---- tests ---------------------------------------------------------------- */

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
	tsr_store *st = open_cluster(1000, 10000);
	tsr_key k = new_key();
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char rec_key[200], lock_key[200], wake_key[200];
	int owner;

	(void) state;
	key_name(rec_key, sizeof(rec_key), &k, "rec");
	key_name(lock_key, sizeof(lock_key), &k, "lock");
	key_name(wake_key, sizeof(wake_key), &k, "wake");
	assert_int_equal(raw_int(ports[0], "CLUSTER KEYSLOT %s", rec_key), key_slot(&k));
	assert_int_equal(raw_int(ports[1], "CLUSTER KEYSLOT %s", lock_key), key_slot(&k));
	assert_int_equal(raw_int(ports[2], "CLUSTER KEYSLOT %s", wake_key), key_slot(&k));
	owner = owner_port(key_slot(&k), ports[0]);

	assert_int_equal(tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	                 TSR_ENOTFOUND);
	assert_int_equal(write_text(st, lock, "slot", wall_ms() + 60000, TSR_WRITE_CREATE), TSR_OK);
	assert_int_equal(raw_int(owner, "EXISTS %s", rec_key), 1);
	assert_int_equal(raw_int(owner, "EXISTS %s", lock_key), 1);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(raw_int(owner, "EXISTS %s", lock_key), 0);
	assert_int_equal(raw_int(owner, "LLEN %s", wake_key), 1);
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
	assert_int_equal(read_text(st, &k, buf, sizeof(buf)), TSR_OK);
	assert_string_equal(buf, "seeded");
	tsr_store_close(st);
}

static void test_cluster_moved_after_slot_migration(void **state)
{
	tsr_store *st = open_cluster(1000, 10000);
	tsr_key k = new_key();
	unsigned slot = key_slot(&k);
	int from = owner_port(slot, ports[0]), to = other_port(from);
	tsr_redis_stats before, after;
	char buf[32];

	(void) state;
	create_text(st, &k, "moving", wall_ms() + 60000);
	assert_int_equal(tsr__redis_store_stats(st, &before), TSR_OK);
	migration_begin(slot, from, to);
	migration_finish(slot, from, to);
	assert_int_equal(owner_port(slot, ports[2]), to);
	/* The handle's map still names 'from': MOVED sends it to 'to'. */
	assert_int_equal(read_text(st, &k, buf, sizeof(buf)), TSR_OK);
	assert_string_equal(buf, "moving");
	assert_int_equal(tsr__redis_store_stats(st, &after), TSR_OK);
	assert_int_equal(after.moved - before.moved, 1);
	assert_true(after.refreshes > before.refreshes);
	/* Locking follows the slot. */
	create_text(st, &k, "moved", wall_ms() + 60000);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf)), TSR_OK);
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

static void test_cluster_ask_during_migration(void **state)
{
	tsr_store *st = open_cluster(1000, 10000);
	tsr_key k = new_key();
	unsigned slot = key_slot(&k);
	int from = owner_port(slot, ports[0]), to = other_port(from);
	tsr_redis_stats before, after;
	tsr_lock *lock = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32], rec_key[200], lock_key[200];
	redisReply *r;

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
	assert_int_equal(tsr__redis_store_stats(st, &before), TSR_OK);

	/* A one-key script: 'from' no longer has the record and answers ASK. */
	assert_rc(st, read_text(st, &k, buf, sizeof(buf)), TSR_OK);
	assert_string_equal(buf, "asked");
	assert_int_equal(tsr__redis_store_stats(st, &after), TSR_OK);
	assert_true(after.asked - before.asked >= 1);
	assert_int_equal(after.noscript - before.noscript, 1);

	/* Lock + read touches two keys split by the migration: Redis says TRYAGAIN until it ends. */
	assert_rc(st, tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp),
	          TSR_EUNREACHABLE);
	assert_null(lock);
	assert_non_null(strstr(tsr_store_error(st)->errstr, "migrating"));
	r = raw(from, "EXISTS %s", lock_key); /* a key the migrating node lacks: ASK */
	assert_non_null(r);
	assert_int_equal(r->type, REDIS_REPLY_ERROR);
	assert_memory_equal(r->str, "ASK ", 4);
	freeReplyObject(r);
	assert_int_equal(raw_asking_exists(to, lock_key), 0);

	migration_finish(slot, from, to);
	assert_rc(st, tsr_store_acquire(st, &k, TSR_LOCK_EXCLUSIVE, &lock, &rec, &exp), TSR_OK);
	assert_int_equal(rec.len, 5);
	assert_memory_equal(rec.data, "asked", 5);
	tsr_bytes_free(&rec);
	assert_rc(st, write_text(st, lock, "done", wall_ms() + 60000, TSR_RELEASE), TSR_OK);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(raw_int(to, "EXISTS %s", rec_key), 1);
	tsr_store_close(st);
}

typedef struct child_report {
	int rc;
	int64_t done_ms;
	tsr_redis_stats stats;
} child_report;

static void test_cluster_waiter_woken_by_release(void **state)
{
	tsr_store *st = open_cluster(1000, 60000);
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

		close(fds[0]);
		dsn_cluster(dsn, sizeof(dsn), NULL);
		out.rc = open_store(dsn, 30000, 60000, &cst, &e);
		if (out.rc == TSR_OK) {
			out.rc = tsr_store_acquire(cst, &k, TSR_LOCK_EXCLUSIVE, &cl, &rec, &exp);
			out.done_ms = mono_ms();
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
	wait_blocked(owner_port(key_slot(&k), ports[0]), 1);
	released_at = mono_ms(); /* before the release: the child cannot be woken earlier */
	assert_int_equal(
	    write_text(st, lock, "parent", wall_ms() + 60000, TSR_WRITE_CREATE | TSR_RELEASE), TSR_OK);
	read_full(fds[0], &rep, sizeof(rep));
	close(fds[0]);
	assert_int_equal(wait_child(pid), 0);
	assert_int_equal(rep.rc, TSR_OK);
	assert_int_equal(rep.stats.wakeups, 1);
	assert_int_equal(rep.stats.wait_timeouts, 0);
	assert_in_range(rep.done_ms - released_at, 0, 1000);
	assert_int_equal(tsr_store_release(st, lock), TSR_OK);
	assert_int_equal(read_text(st, &k, buf, sizeof(buf)), TSR_OK);
	assert_string_equal(buf, "child");
	tsr_store_close(st);
}

static void test_cluster_stale_holder_write_is_lost(void **state)
{
	tsr_store *stale = open_cluster(1000, 200);
	tsr_store *fresh = open_cluster(10000, 60000);
	tsr_key k = new_key();
	tsr_lock *ls = NULL, *lf = NULL;
	tsr_bytes rec = {0};
	int64_t exp;
	char buf[32];

	(void) state;
	create_text(fresh, &k, "v1", wall_ms() + 60000);
	assert_int_equal(tsr_store_acquire(stale, &k, TSR_LOCK_EXCLUSIVE, &ls, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(tsr_store_acquire(fresh, &k, TSR_LOCK_EXCLUSIVE, &lf, &rec, &exp), TSR_OK);
	tsr_bytes_free(&rec);
	assert_int_equal(write_text(fresh, lf, "newer", wall_ms() + 60000, TSR_RELEASE), TSR_OK);
	assert_int_equal(write_text(stale, ls, "stale", wall_ms() + 60000, TSR_RELEASE), TSR_ELOCKLOST);
	assert_int_equal(tsr_store_release(stale, ls), TSR_OK);
	assert_int_equal(tsr_store_release(fresh, lf), TSR_OK);
	assert_int_equal(read_text(fresh, &k, buf, sizeof(buf)), TSR_OK);
	assert_string_equal(buf, "newer");
	tsr_store_close(stale);
	tsr_store_close(fresh);
}

typedef struct count_arg {
	int count;
} count_arg;

static int count_visit(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                       int64_t expires_at)
{
	(void) key;
	(void) record;
	(void) len;
	(void) expires_at;
	((count_arg *) arg)->count++;
	return 0;
}

static void test_cluster_list_and_gc_cover_every_master(void **state)
{
	char pfx[64], dsn[256];
	tsr_store *st;
	uint32_t tag;
	bool on_port[N_NODES] = {false};
	int i, j, n_owners = 0;
	int64_t now = wall_ms();
	count_arg seen = {0};
	uint64_t deleted = 0;

	(void) state;
	assert_int_equal(getrandom(&tag, sizeof(tag), 0), sizeof(tag));
	snprintf(pfx, sizeof(pfx), "%siso%08x:", prefix, tag);
	dsn_cluster(dsn, sizeof(dsn), pfx);
	st = open_ok(dsn, 1000, 10000);
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
	assert_int_equal(tsr_store_list(st, NULL, count_visit, &seen), TSR_OK);
	assert_int_equal(seen.count, 12);
	assert_int_equal(tsr_store_gc(st, now + 50000, &deleted), TSR_OK);
	assert_int_equal(deleted, 12);
	seen.count = 0;
	assert_int_equal(tsr_store_list(st, NULL, count_visit, &seen), TSR_OK);
	assert_int_equal(seen.count, 0);
	tsr_store_close(st);
}

static void test_cluster_unreachable_seeds(void **state)
{
	tsr_store *st = NULL;
	tsr_error e;

	(void) state;
	tsr_error_clear(&e);
	assert_int_equal(open_store("redis+cluster://127.0.0.1:1", 1000, 1000, &st, &e),
	                 TSR_EUNREACHABLE);
	assert_null(st);
	assert_string_equal(e.errstr, "redis 127.0.0.1:1: Connection refused");
}

static void test_cluster_seed_that_is_no_cluster(void **state)
{
	char dsn[128];
	tsr_store *st = NULL;
	tsr_error e;
	const char *port = getenv("TSR_REDIS_PORT");

	(void) state;
	snprintf(dsn, sizeof(dsn), "redis+cluster://127.0.0.1:%s",
	         port != NULL && *port != '\0' ? port : "6390");
	tsr_error_clear(&e);
	assert_int_equal(open_store(dsn, 1000, 1000, &st, &e), TSR_EIO);
	if (strstr(e.errstr, "cluster support disabled") == NULL) {
		fail_msg("unclear message: %s", e.errstr);
	}
}

#define N_CLIENTS 20
#define N_INCREMENTS 10

static int increment_child(const tsr_key *k)
{
	tsr_store *st = NULL;
	tsr_error e;
	char dsn[256];
	int i;

	dsn_cluster(dsn, sizeof(dsn), NULL);
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

static void test_cluster_concurrent_increments_lose_nothing(void **state)
{
	tsr_store *st = open_cluster(1000, 10000);
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
	assert_int_equal(read_text(st, &k, buf, sizeof(buf)), TSR_OK);
	assert_string_equal(buf, "200");
	tsr_store_close(st);
}

/* ---- main ------------------------------------------------------------------ */

/* Runs the servers script's "start": it also ends a migration a failed test left open. */
static int run_servers_script(void)
{
	const char *script = getenv("TSR_REDIS_SCRIPT");
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s start",
	         script != NULL ? script : "scripts/redis-test-servers.sh");
	return system(cmd);
}

/* Teardown of the migration tests. */
static int settle_cluster(void **state)
{
	(void) state;
	return run_servers_script() == 0 ? 0 : -1;
}

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
	const char *base = getenv("TSR_REDIS_CLUSTER_BASE");
	const char *dir = getenv("TSR_REDIS_DIR");
	const char *tmp = getenv("TMPDIR");
	char server_dir[512];
	int b = base != NULL && *base != '\0' ? atoi(base) : 7101, i;

	(void) state;
	for (i = 0; i < N_NODES; i++) {
		ports[i] = b + i;
	}
	snprintf(prefix, sizeof(prefix), "tsrtest:%d:", (int) getpid());
	if (dir != NULL && *dir != '\0') {
		snprintf(server_dir, sizeof(server_dir), "%s", dir);
	} else {
		snprintf(server_dir, sizeof(server_dir), "%s/tessera-redis-%u",
		         tmp != NULL && *tmp != '\0' ? tmp : "/tmp", (unsigned) getuid());
	}
	if (lock_servers(server_dir) != 0) {
		fprintf(stderr, "test_store_redis_cluster: cannot lock %s/tests.lock\n", server_dir);
		return -1;
	}
	if (getenv("TSR_REDIS_NO_START") == NULL && run_servers_script() != 0) {
		fprintf(stderr, "test_store_redis_cluster: scripts/redis-test-servers.sh start failed\n");
		return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cluster_slot_function_matches_server),
	    cmocka_unit_test(test_cluster_session_keys_live_in_one_slot_on_its_owner),
	    cmocka_unit_test(test_cluster_one_seed_that_does_not_own_the_slot),
	    cmocka_unit_test_teardown(test_cluster_moved_after_slot_migration, settle_cluster),
	    cmocka_unit_test_teardown(test_cluster_ask_during_migration, settle_cluster),
	    cmocka_unit_test(test_cluster_waiter_woken_by_release),
	    cmocka_unit_test(test_cluster_stale_holder_write_is_lost),
	    cmocka_unit_test(test_cluster_list_and_gc_cover_every_master),
	    cmocka_unit_test(test_cluster_unreachable_seeds),
	    cmocka_unit_test(test_cluster_seed_that_is_no_cluster),
	    cmocka_unit_test(test_cluster_concurrent_increments_lose_nothing),
	};

	return cmocka_run_group_tests_name("store_redis_cluster", tests, group_setup, NULL);
}
