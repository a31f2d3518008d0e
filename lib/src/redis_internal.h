/*
 * Private to the redis store: what store_redis.c (the driver: sessions,
 * locks, scripts) and redis_users.c (the per-user index) share. Nothing
 * here is part of the public API.
 */
#ifndef TESSERA_REDIS_INTERNAL_H
#define TESSERA_REDIS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "redis_client.h"
#include "tessera/record.h"
#include "tessera/store.h"

#define REDIS_MAX_PREFIX 64u
/* prefix + "{" + hex + "}" + a suffix of up to 8 characters (":lock", ":waiters") + NUL; also holds
 * prefix + "u:{" + hex + "}" */
#define REDIS_KEY_SIZE (REDIS_MAX_PREFIX + 1 + TSR_KEY_HEX_LEN + 1 + 8 + 1)
/* Token: 128 random bits in hex. */
#define REDIS_TOKEN_BYTES 16u
/* Most unconsumed wake-ups a session's wake list keeps (>= REDIS_WAKE_UPS). */
#define REDIS_WAKE_CAP 4
/*
 * Wake-ups one release pushes, so that many waiters try again: the first
 * takes the lock, the second blocks again, and a waiter whose queued try
 * never reached the server strands no one (see store_redis.c).
 */
#define REDIS_WAKE_UPS 2
/*
 * The per-user index's expiry step, in ms. A user set expires at least one
 * step after the end of the step holding the deadline of any member it was
 * last refreshed for: (floor(deadline / step) + 2) * step. A write or touch
 * needs the set refreshed only when it moves the record's deadline into a
 * later step, so a session active all day costs one extra command an hour.
 */
#define REDIS_USER_STEP_MS 3600000
/* Bytes of a record that hold its user id (fixed header, u16 length, at most 256 bytes). */
#define REDIS_USER_PREFIX (TSR_RECORD_HEADER_LEN + 2 + TSR_RECORD_MAX_USER_ID)

enum redis_script {
	RS_ACQUIRE = 0,
	RS_READ,
	RS_WRITE,
	RS_TOUCH,
	RS_DESTROY,
	RS_RELEASE,
	RS_GC,
	RS_USER_ADD,
	RS_USER_PRUNE,
	RS_USER_CLAIM,
	RS_DEADLINE,
	RS_COUNT
};

typedef struct redis_store {
	tsr_store base; /* first: the dispatcher's part */
	tsr_redis_client client;
	char prefix[REDIS_MAX_PREFIX + 1];
	size_t prefix_len;
	bool persistent;
	size_t locks_held; /* EXCLUSIVE handles of this store that hold their lock */
	char sha[RS_COUNT][41];
} redis_store;

/* The four keys of one session. */
typedef struct redis_keys {
	char rec[REDIS_KEY_SIZE];
	char lock[REDIS_KEY_SIZE];
	char wake[REDIS_KEY_SIZE];
	char waiters[REDIS_KEY_SIZE];
	size_t rec_len, lock_len, wake_len, waiters_len;
} redis_keys;

/* One script call of a batch: its keys and arguments, each with its length (borrowed). */
typedef struct redis_call {
	int nkeys, nargs;
	const char *keys[3];
	size_t key_lens[3];
	const char *args[3];
	size_t arg_lens[3];
} redis_call;

/* Frees the reply 'r', if any, and clears the pointer. */
#define REDIS_FREE(r)                                                                              \
	do {                                                                                           \
		if ((r) != NULL) {                                                                         \
			freeReplyObject(r);                                                                    \
			(r) = NULL;                                                                            \
		}                                                                                          \
	} while (0)

/* Builds the keys of the session whose storage key is 'hex' (64 characters). */
void tsr__redis_keys_make(const redis_store *rs, const char *hex, redis_keys *k);

/*
 * Runs script 'script' with 'nkeys' keys (1 to 4) and 'nargs' arguments, routed by
 * keys[0], loading it once on NOSCRIPT. On TSR_OK '*out' is a non-error
 * reply the caller frees. Returns TSR_OK or the client's / the error
 * reply's code, with detail on the store.
 */
int tsr__redis_eval(redis_store *rs, enum redis_script script, int nkeys, const char *const *keys,
                    const size_t *key_lens, int nargs, const char *const *args,
                    const size_t *arg_lens, redisReply **out);

/*
 * Runs 'script' once per entry of 'calls' ('n' of them, any slots): one
 * pipeline per node that serves them; a call the node did not run
 * (NOSCRIPT, MOVED, ASK, TRYAGAIN) is run again alone with
 * tsr__redis_eval. Fills 'replies' (room for 'n', each freed by the caller
 * even on failure; NULL where none). Returns TSR_OK when every reply is a
 * non-error reply, else the first failure (an error reply's code).
 */
int tsr__redis_eval_batch(redis_store *rs, enum redis_script script, size_t n,
                          const redis_call *calls, redisReply **replies);

/*
 * Sends the plain command 'command' once per entry of 'calls' (its keys,
 * then its arguments; routed by keys[0]) as tsr__redis_eval_batch runs a
 * script: one pipeline per node, a call the node did not run (MOVED, ASK,
 * TRYAGAIN) sent again alone. Error replies (WRONGTYPE, ...) are left in
 * 'replies' for the caller to read. Returns TSR_OK, or the failure of a
 * pipeline or of a call sent again.
 */
int tsr__redis_command_batch(redis_store *rs, const char *command, size_t n,
                             const redis_call *calls, redisReply **replies);

/* Records that the reply to 'script' had an unexpected shape. Returns TSR_EIO. */
int tsr__redis_bad_reply(redis_store *rs, enum redis_script script);

/* Fills 'out' with a new lock token: 128 bits from getrandom(2), in hex. */
int tsr__redis_token(char *out, tsr_error *e);

/*
 * Returns the lifetime a new lock gets: the store's lock_ttl_ms as
 * configured now, or the default when it is not positive.
 */
int tsr__redis_lock_ttl_ms(const redis_store *rs);

/* True when the 'len' bytes at 's' are all lower-case hex digits. */
bool tsr__redis_hex_ok(const char *s, size_t len);

/*
 * What one SCAN pass (tsr__redis_scan) does with each batch of keys found
 * on node 'node'. The array 'hexes' is the function's to reorder during
 * the call.
 */
typedef int (*redis_batch_fn)(redis_store *rs, size_t node, const char **hexes, size_t n, void *arg,
                              bool *stop);

/*
 * SCANs every master for "<prefix>{*}:rec" (with 'users': the user sets,
 * "<prefix>u:{*}") and hands each batch of well-formed keys (their 64-hex
 * parts, borrowed for the call) to 'fn', after loading 'script' on the
 * node. Stops early when 'fn' sets '*stop'. Returns TSR_OK or the first
 * error.
 */
int tsr__redis_scan(redis_store *rs, bool users, enum redis_script script, redis_batch_fn fn,
                    void *arg);

/* Writes 'n' bytes at 'in' as lower-case hex into 'out' (2n + 1 bytes, NUL-terminated). */
void tsr__redis_hex(const uint8_t *in, size_t n, char *out);

/* ---- the per-user index (redis_users.c) --------------------------------------------------- */

/* Returns the expiry a user set needs for a member whose record expires at 'deadline' (ms). */
int64_t tsr__redis_user_expiry(int64_t deadline);

/* Tells whether 'b' lies in a later expiry step than 'a' (REDIS_USER_STEP_MS). */
bool tsr__redis_user_step_after(int64_t b, int64_t a);

/*
 * The user set a WRITE adds its session to itself (one server only: on a
 * cluster the set lives in another slot than the session's keys): the
 * set's name and the expiry, in ms as decimal text, that the set needs.
 */
typedef struct redis_join {
	char set[REDIS_KEY_SIZE];
	size_t set_len;
	char expiry[24];
} redis_join;

/*
 * Fills 'j' for adding a session expiring at 'deadline' to the set of
 * user 'uid' ('ulen' bytes, >= 1). Returns TSR_OK or the failure.
 */
int tsr__redis_join_make(redis_store *rs, const uint8_t *uid, size_t ulen, int64_t deadline,
                         redis_join *j);

/*
 * Adds session 'hex' to the set of user 'uid' ('ulen' bytes, >= 1) and
 * pushes the set's expiry to at least tsr__redis_user_expiry('deadline').
 * One command (USER_ADD). Returns TSR_OK or the failure.
 */
int tsr__redis_user_add(redis_store *rs, const uint8_t *uid, size_t ulen, const char *hex,
                        int64_t deadline);

/*
 * Removes session 'hex' from the set of user 'uid' ('ulen' bytes). The
 * caller holds the session's lock, or there is none to hold (NONE mode).
 * One command (SREM). Returns TSR_OK or the failure.
 */
int tsr__redis_user_remove(redis_store *rs, const uint8_t *uid, size_t ulen, const char *hex);

/*
 * Visits the sessions of 'user_id' through its set: see tsr_store_list.
 * Members whose record is gone or names someone else are pruned.
 */
int tsr__redis_list_user(redis_store *rs, const char *user_id, tsr_store_visit_fn visit, void *arg);

/* Prunes the members of every user set on every master whose record is gone or moved on. */
int tsr__redis_gc_users(redis_store *rs);

#endif
