/*
 * The redis store driver: sessions on one Redis server (TCP or unix
 * socket) or on a Redis Cluster, behind the tsr_store_redis vtable.
 *
 * NOTES ON THE DESIGN
 *
 * DSN. redis://[user:password@]host[:port][/db], redis+unix:///path.sock
 * [?db=N], redis+cluster://host:port,host:port (seed nodes), each with the
 * options prefix (A-Z a-z 0-9 : _ . -, at most 64, default "tessera:"),
 * connect_timeout and read_timeout (seconds, decimals allowed, > 0;
 * defaults 2 and 5), persistent (0|1, default 1); anything else is
 * TSR_EBADDSN naming the option. Default port 6379.
 *
 * Keys. A session with storage key <hex> owns four keys that share the
 * hash tag {<hex>}, so on a cluster they live in one slot and every script
 * below may touch them together:
 *   <prefix>{<hex>}:rec   the record bytes, PEXPIREAT expires_at (Redis
 *                         drops the data at the deadline; the session layer
 *                         still checks its timeouts on every read)
 *   <prefix>{<hex>}:lock  the holder's random token (getrandom, 128 bits),
 *                         PX lock_ttl_ms, so a crashed holder's lock ends
 *   <prefix>{<hex>}:wake  a list of wake-ups: a release pushes
 *                         REDIS_WAKE_UPS (2) when someone waits (below),
 *                         keeping at most REDIS_WAKE_CAP, expiring
 *                         REDIS_WAKE_TTL_MS after the last push
 *   <prefix>{<hex>}:waiters  "1" while someone may be waiting: set by a
 *                         try that found the lock taken, for as long as
 *                         that waiter may wait plus REDIS_WAKE_TTL_MS
 * and a user U (named by the record, see record.h) owns one more,
 *   <prefix>u:{<uh>}      uh = hex SHA-256 of U: a set of the <hex> of U's
 *                         sessions, its expiry always past theirs
 * kept by the write, touch and destroy below and by redis_users.c (its
 * notes state the invariant and why the write path stays one round trip).
 *
 * Scripts. Every step that reads and changes is one Lua script, so it is
 * atomic on the server and costs one round trip. A script is invoked by
 * EVALSHA (its SHA-1 computed here once); NOSCRIPT (a restarted or
 * flushed server) loads it with SCRIPT LOAD and retries once
 * (tsr__redis_eval).
 *
 * Record bytes never pass through Lua: in Redis 7 a 16 KB string costs a
 * script about 20 us each way, more than the rest of the request. A read
 * queues the script (lock, deadline) and a GET of the record in one MULTI
 * ... EXEC (redis_eval_get); a write SETs the new bytes under a staged key
 * of its own, "<prefix>{<hex>}:next:<random>" with a 60 s expiry, and
 * WRITE, in the same pipeline, RENAMEs it over the record or deletes it
 * (redis_eval_staged). Both are one round trip; an irregular answer
 * (NOSCRIPT inside EXEC, a redirection) is redone command by command.
 *
 * Lock protocol (EXCLUSIVE), as the functions below perform it:
 *   redis_acquire  ACQUIRE: SET lock token NX PX ttl; taken -> return the
 *                  deadline, the GET beside it the record (lock + read in
 *                  one trip); busy -> return the lock's remaining PTTL.
 *                  The waiter then BLPOPs the wake list for min(remaining
 *                  wait, PTTL + 1 ms) with its next try queued behind the
 *                  BLPOP in the same pipeline: Redis runs it the moment the
 *                  BLPOP returns (woken or timed out), so a hand-off costs
 *                  the waiter one round trip, not a wake-up and then a try
 *                  (which was two more process wake-ups on each side per
 *                  hand-off). The wait limit ends in TSR_ELOCKTIMEOUT. A
 *                  busy try also keeps 'waiters' alive for as long as the
 *                  waiter may wait (+ REDIS_WAKE_TTL_MS), and a release
 *                  pushes wake-ups only while 'waiters' exists: with no
 *                  contention a release is the lock's DEL alone. No
 *                  sleep-polling: each such release pushes two wake-ups, so the
 *                  two longest-blocked waiters (Redis serves BLPOPs in the
 *                  order they blocked) try at once: one takes the lock, the
 *                  other blocks again, at the back. A waiter killed while
 *                  it waits (kill -9, a php-fpm timeout) closes its
 *                  connection, and the server drops its BLPOP and the try
 *                  behind it; one frozen while it waits (SIGSTOP, a paused
 *                  VM) still takes the lock when woken and holds it until
 *                  its PTTL, as any frozen holder does. The second wake-up
 *                  covers a waiter whose queued try never reaches the
 *                  server (it died mid-send): the other woken waiter
 *                  carries on. Not every waiter: that costs one failed try
 *                  per waiter per release, about N^2/2 tries to drain a
 *                  queue of N, against about 2N here. A wake-up nobody was
 *                  waiting for only makes a later waiter try once more. A
 *                  lock whose holder died ends with its PTTL, when the
 *                  BLPOP times out.
 *   redis_write    WRITE: if a token is given and the lock does not hold it
 *   redis_touch    -> TSR_ELOCKLOST, nothing changed. Then, with TSR_RELEASE,
 *   redis_destroy  LPUSH the wake-ups (if 'waiters') and DEL the lock (done first, so a
 *                  failing command leaves nothing half done); then the
 *                  change, unless the record is gone and the write may not
 *                  create it (TSR_EGONE). Write, touch, destroy + unlock are
 *                  each one trip. The one exception: a change that takes
 *                  the session out of a user's set keeps the lock until
 *                  that is done (SREM), then releases it (RELEASE).
 *   redis_release  RELEASE: DEL the lock and LPUSH the wake-ups only if the
 *                  lock still holds our token: another holder's lock is
 *                  never deleted. A lock that had already lapsed is not an
 *                  error (nothing was held to release).
 * READ_ONLY and NONE read with READ (never waits, takes no lock); a NONE
 * write runs WRITE with an empty token: atomic, unfenced, and still
 * TSR_EGONE without TSR_WRITE_CREATE when the record is gone.
 *
 * Failures. A server that cannot be reached, or a connection that breaks
 * mid-call, gives TSR_EUNREACHABLE; a script either ran whole or not at
 * all, so nothing is half written, and a lock left behind lapses after
 * lock_ttl_ms. A command that may have run is never sent again (NOSCRIPT,
 * MOVED, ASK and TRYAGAIN answers mean it did not run).
 *
 * Connections. The handle keeps its connection(s) between calls
 * (redis_client.c reconnects one the server closed, once, before use);
 * with persistent=0 they are closed whenever no lock is held through the
 * handle. One handle serves one thread; a forked child makes its own
 * connections. gc and list without a user SCAN "<prefix>{*}:rec" on every
 * master in batches, one pipeline of scripts per batch; list with a user
 * reads that user's set (redis_users.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "redis_internal.h"

#define REDIS_DEFAULT_PORT 6379
#define REDIS_DEFAULT_PREFIX "tessera:"
#define REDIS_DEFAULT_CONNECT_MS 2000
#define REDIS_DEFAULT_READ_MS 5000
/* Longest timeout option accepted, in seconds. */
#define REDIS_MAX_TIMEOUT_S 3600
/*
 * Life of a wake list after its last push, in ms: far longer than the one
 * round trip between a waiter's failed try and its BLPOP (so no wake-up is
 * lost in between), short enough that stale ones soon go.
 */
#define REDIS_WAKE_TTL_MS 5000
/*
 * Most words of one EVALSHA (redis_evalsha_argv): EVALSHA, its SHA-1 and
 * key count, then at most WRITE's 6 keys and 8 arguments.
 */
#define REDIS_EVAL_ARGV 17
/* Keys asked for per SCAN call in gc and list. */
#define REDIS_SCAN_COUNT "500"
/*
 * Most words of one batched call (redis_batch_argv): EVALSHA, its SHA-1 and
 * key count, then up to 3 keys and 3 arguments (a plain command: 7).
 */
#define REDIS_BATCH_ARGV 9

/* The scripts below read a record's user at these offsets (record.h, format v1). */
_Static_assert(TSR_RECORD_HEADER_LEN == 76 && TSR_RECORD_MAX_USER_ID == 256 &&
                   REDIS_USER_PREFIX == 334,
               "LUA_USER_OF reads the user id at offsets 76..333");

#define REDIS_STR_(x) #x
#define REDIS_STR(x) REDIS_STR_(x)

/* Returns the deadline (ms since the epoch) of KEYS[1]; -1 none, -2 no key. Redis >= 6. */
#define LUA_DEADLINE                                                                               \
	"local function deadline(k)\n"                                                                 \
	"  local t = redis.pcall('PEXPIRETIME', k)\n"                                                  \
	"  if type(t) == 'number' then return t end\n"                                                 \
	"  local p = redis.call('PTTL', k)\n"                                                          \
	"  if p < 0 then return p end\n"                                                               \
	"  local n = redis.call('TIME')\n"                                                             \
	"  return tonumber(n[1]) * 1000 + math.floor(tonumber(n[2]) / 1000) + p\n"                     \
	"end\n"

/* The REDIS_WAKE_UPS wake-ups of one release as LPUSH arguments. */
#define LUA_WAKE_UPS "'1', '1'"
_Static_assert(REDIS_WAKE_UPS == 2, "LUA_WAKE_UPS spells out REDIS_WAKE_UPS wake-ups");

/*
 * Deletes the lock and, if someone may be waiting ('waiters' exists), wakes
 * two: pushes REDIS_WAKE_UPS wake-ups on 'wake', keeps at most
 * REDIS_WAKE_CAP unconsumed and lets the list live REDIS_WAKE_TTL_MS.
 * 'waiters' is left to lapse: a waiter woken in vain does not set it again
 * if its try is lost, and those still blocked need the next release too.
 */
#define LUA_UNLOCK                                                                                 \
	"local function unlock(lock, wake, waiters)\n"                                                 \
	"  if redis.call('EXISTS', waiters) == 1 then\n"                                               \
	"    redis.call('LPUSH', wake, " LUA_WAKE_UPS ")\n"                                            \
	"    redis.call('LTRIM', wake, 0, " REDIS_STR(                                                 \
	    REDIS_WAKE_CAP) " - 1)\n"                                                                  \
	                    "    redis.call('PEXPIRE', wake, " REDIS_STR(                              \
	                        REDIS_WAKE_TTL_MS) ")\n"                                               \
	                                           "  end\n"                                           \
	                                           "  redis.call('DEL', lock)\n"                       \
	                                           "end\n"

/* Refuses a record key of another type before anything is written. */
#define LUA_CHECK_REC                                                                              \
	"local ty = redis.call('TYPE', KEYS[1])['ok']\n"                                               \
	"if ty ~= 'string' and ty ~= 'none' then\n"                                                    \
	"  return redis.error_reply('WRONGTYPE session record key holds a ' .. ty)\n"                  \
	"end\n"

/*
 * user_of(s): the user id the record bytes 's' name, read exactly as
 * tsr_record_user_of does ('' for none, or bytes that are not a v1
 * record); head(k): the first REDIS_USER_PREFIX bytes of the record stored
 * at 'k' ('' for no record, an error table for a key of another type);
 * stored_user(k): the user id they name; step(t): the expiry step of
 * deadline 't' (REDIS_USER_STEP_MS).
 */
#define LUA_USER_OF                                                                                \
	"local function user_of(s)\n"                                                                  \
	"  if type(s) ~= 'string' or #s < 78 or string.sub(s, 1, 5) ~= 'TSRC\\1' then return '' end\n" \
	"  local n = string.byte(s, 77) + 256 * string.byte(s, 78)\n"                                  \
	"  if n == 0 or n > 256 or #s < 78 + n then return '' end\n"                                   \
	"  return string.sub(s, 79, 78 + n)\n"                                                         \
	"end\n"                                                                                        \
	"local function head(k)\n"                                                                     \
	"  return redis.pcall('GETRANGE', k, 0, 333)\n"                                                \
	"end\n"                                                                                        \
	"local function stored_user(k)\n"                                                              \
	"  return user_of(head(k))\n"                                                                  \
	"end\n"                                                                                        \
	"local function step(t)\n"                                                                     \
	"  return math.floor(tonumber(t) / " REDIS_STR(REDIS_USER_STEP_MS) ")\n"                       \
	                                                                   "end\n"

/*
 * user_add(set, hex, expiry): adds session 'hex' to a user's 'set' and
 * pushes the set's expiry to at least 'expiry' (ms), never back.
 */
#define LUA_USER_ADD                                                                               \
	"local function user_add(set, hex, expiry)\n"                                                  \
	"  redis.call('SADD', set, hex)\n"                                                             \
	"  if deadline(set) < tonumber(expiry) then redis.call('PEXPIREAT', set, expiry) end\n"        \
	"end\n"

static const char *const redis_script_names[RS_COUNT] = {
    [RS_ACQUIRE] = "acquire",
    [RS_READ] = "read",
    [RS_WRITE] = "write",
    [RS_TOUCH] = "touch",
    [RS_DESTROY] = "destroy",
    [RS_RELEASE] = "release",
    [RS_GC] = "gc",
    [RS_USER_ADD] = "user add",
    [RS_USER_PRUNE] = "user prune",
    [RS_USER_CLAIM] = "user claim",
    [RS_DEADLINE] = "deadline",
};

/* The scripts, laid out one Lua statement per line. */
/* clang-format off */

/*
 * ACQUIRE. KEYS: rec, lock, waiters. ARGV: token, lock ttl ms, how long
 * the caller would wait (ms). Returns {1, deadline} taken (-2: no record);
 * {0, lock pttl} busy, having made sure 'waiters' lives at least as long
 * as the caller's wait on the wake list (the shorter of its own and the
 * lock's remaining life, plus REDIS_WAKE_TTL_MS for the round trip before
 * its BLPOP), so that every release until then wakes someone. The record
 * itself is read by a GET queued after it in the same MULTI
 * (redis_eval_get): Lua would copy it twice.
 */
static const char redis_lua_acquire[] =
	LUA_DEADLINE
	LUA_CHECK_REC
	"if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then\n"
	"  local p = redis.call('PTTL', KEYS[2])\n"
	"  local w = tonumber(ARGV[3])\n"
	"  if p >= 0 and p + 1 < w then w = p + 1 end\n"
	"  w = w + " REDIS_STR(REDIS_WAKE_TTL_MS) "\n"
	"  if redis.call('PTTL', KEYS[3]) < w then redis.call('SET', KEYS[3], '1', 'PX', w) end\n"
	"  return {0, p}\n"
	"end\n"
	"return {1, deadline(KEYS[1])}\n";

/* DEADLINE. KEYS: rec. Returns its deadline (-2: no record), for a GET beside it. */
static const char redis_lua_deadline[] =
	LUA_DEADLINE
	LUA_CHECK_REC
	"return deadline(KEYS[1])\n";

/* READ. KEYS: rec. Returns {0} no record; {1, record, deadline}. */
static const char redis_lua_read[] =
	LUA_DEADLINE
	LUA_CHECK_REC
	"local v = redis.call('GET', KEYS[1])\n"
	"if not v then return {0} end\n"
	"return {1, v, deadline(KEYS[1])}\n";

/*
 * WRITE. KEYS: rec, lock, wake, waiters, staged[, user set]. ARGV: token ('' =
 * unfenced), the user the new record names ('' none), expires_at, create
 * 0|1, indexed user, release 0|1[, session hex, set expiry]. The new
 * record's bytes wait under the 'staged' key, SET just before in the same
 * round trip (redis_eval_staged), and are renamed over the record: they
 * never pass through Lua. Every answer but a write deletes the staged key.
 * Returns 0 written; 2 written, and the session added to the new user's
 * set first (only with a user set: see below); -1 lock lost (nothing
 * changed); -2 record gone (only unlocked); -4 no staged bytes (nothing
 * changed: stage them again); {-3, user}: the new record names a user
 * whose set does not yet hold the session for this deadline (the stored
 * record names another user, or the deadline moves into a later step)
 * and who is not the 'indexed user' the caller has just added it for:
 * nothing changed, add it and write again; {1, old user, 0|2}: written
 * (2: after the addition), and the session is to leave the old user's
 * set; the lock is then kept, even with release 1, until the caller has
 * done that. Given the new user's set (one server only: on a cluster it
 * lives in another slot), WRITE adds the session to it itself where it
 * would answer {-3, user}, before it changes anything else, so a login is
 * one round trip. The record's first REDIS_USER_PREFIX bytes, read once,
 * say both whether it exists (a record is never empty) and whose it is.
 */
static const char redis_lua_write[] =
	LUA_UNLOCK
	LUA_DEADLINE
	LUA_USER_OF
	LUA_USER_ADD
	"if redis.call('EXISTS', KEYS[5]) == 0 then return -4 end\n"
	"local tok = ARGV[1]\n"
	"if tok ~= '' and redis.call('GET', KEYS[2]) ~= tok then\n"
	"  redis.call('DEL', KEYS[5])\n"
	"  return -1\n"
	"end\n"
	"local first = head(KEYS[1])\n"
	"local gone = ARGV[4] ~= '1' and first == ''\n"
	"local old, new, joined = '', ARGV[2], 0\n"
	"if not gone then\n"
	"  old = user_of(first)\n"
	"  if new ~= '' and new ~= ARGV[5] and\n"
	"     (old ~= new or step(ARGV[3]) > step(deadline(KEYS[1]))) then\n"
	"    if not KEYS[6] then\n"
	"      redis.call('DEL', KEYS[5])\n"
	"      return {-3, new}\n"
	"    end\n"
	"    user_add(KEYS[6], ARGV[7], ARGV[8])\n"
	"    joined = 2\n"
	"  end\n"
	"end\n"
	"local moved = old ~= '' and old ~= new\n"
	"if tok ~= '' and ARGV[6] == '1' and not moved then\n"
	"  unlock(KEYS[2], KEYS[3], KEYS[4])\n"
	"end\n"
	"if gone then\n"
	"  redis.call('DEL', KEYS[5])\n"
	"  return -2\n"
	"end\n"
	"redis.call('RENAME', KEYS[5], KEYS[1])\n"
	"redis.call('PEXPIREAT', KEYS[1], ARGV[3])\n"
	"if moved then return {1, old, joined} end\n"
	"return joined\n";

/*
 * TOUCH. KEYS: rec, lock, wake, waiters. ARGV: token, expires_at, indexed user,
 * release. Returns 0, -1, -2 as WRITE, or {-3, user}: the new
 * deadline lies in a later step and the record's user is not the indexed
 * one: nothing changed, refresh that user's set and touch again.
 */
static const char redis_lua_touch[] =
	LUA_UNLOCK
	LUA_DEADLINE
	LUA_USER_OF
	"local tok = ARGV[1]\n"
	"if tok ~= '' and redis.call('GET', KEYS[2]) ~= tok then return -1 end\n"
	"local gone = redis.call('EXISTS', KEYS[1]) == 0\n"
	"if not gone and step(ARGV[2]) > step(deadline(KEYS[1])) then\n"
	"  local u = stored_user(KEYS[1])\n"
	"  if u ~= '' and u ~= ARGV[3] then return {-3, u} end\n"
	"end\n"
	"if tok ~= '' and ARGV[4] == '1' then unlock(KEYS[2], KEYS[3], KEYS[4]) end\n"
	"if gone then return -2 end\n"
	"redis.call('PEXPIREAT', KEYS[1], ARGV[2])\n"
	"return 0\n";

/*
 * DESTROY. KEYS: rec, lock, wake, waiters. ARGV: token, release. Returns
 * 0 or -1; {1, user}: deleted, and the session is to leave that user's
 * set (the lock is then kept, even with release 1, as in WRITE).
 */
static const char redis_lua_destroy[] =
	LUA_UNLOCK
	LUA_USER_OF
	"local tok = ARGV[1]\n"
	"if tok ~= '' and redis.call('GET', KEYS[2]) ~= tok then return -1 end\n"
	"local u = stored_user(KEYS[1])\n"
	"if tok ~= '' and ARGV[2] == '1' and u == '' then unlock(KEYS[2], KEYS[3], KEYS[4]) end\n"
	"redis.call('DEL', KEYS[1])\n"
	"if u ~= '' then return {1, u} end\n"
	"return 0\n";

/* RELEASE. KEYS: lock, wake, waiters. ARGV: token. Returns 1 released; 0 not ours. */
static const char redis_lua_release[] =
	LUA_UNLOCK
	"if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end\n"
	"unlock(KEYS[1], KEYS[2], KEYS[3])\n"
	"return 1\n";

/* GC. KEYS: rec, lock. ARGV: now (ms). Returns 1 deleted; 0 kept (locked, live, no deadline). */
static const char redis_lua_gc[] =
	LUA_DEADLINE
	"if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end\n"
	"local t = deadline(KEYS[1])\n"
	"if t < 0 or t > tonumber(ARGV[1]) then return 0 end\n"
	"redis.call('DEL', KEYS[1])\n"
	"return 1\n";

/*
 * USER_ADD. KEYS: user set. ARGV: session hex, expiry (ms). Adds the
 * session and pushes the set's expiry to at least ARGV[2] (never back).
 * Returns 1.
 */
static const char redis_lua_user_add[] =
	LUA_DEADLINE
	LUA_USER_ADD
	"user_add(KEYS[1], ARGV[1], ARGV[2])\n"
	"return 1\n";

/*
 * USER_PRUNE (one server only: its keys live in different slots). KEYS:
 * user set, rec, lock. ARGV: session hex, the user the caller saw the
 * record name ('' none). Removes the session from the set only if nobody
 * holds its lock (no writer between adding it and writing the record) and
 * its record still names the user seen. Returns 1 removed, 0 kept.
 */
static const char redis_lua_user_prune[] =
	LUA_USER_OF
	"if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end\n"
	"if stored_user(KEYS[2]) ~= ARGV[2] then return 0 end\n"
	"return redis.call('SREM', KEYS[1], ARGV[1])\n";

/*
 * USER_CLAIM (cluster: the session's slot). KEYS: rec, lock. ARGV: token,
 * lock ttl ms, the user the caller saw the record name. Takes the
 * session's lock only if its record still names the user seen. Returns 1
 * taken, 0 not (changed, or locked by someone else).
 */
static const char redis_lua_user_claim[] =
	LUA_USER_OF
	"if stored_user(KEYS[1]) ~= ARGV[3] then return 0 end\n"
	"if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end\n"
	"return 1\n";

/* clang-format on */

static const char *const redis_scripts[RS_COUNT] = {
    [RS_ACQUIRE] = redis_lua_acquire,
    [RS_READ] = redis_lua_read,
    [RS_WRITE] = redis_lua_write,
    [RS_TOUCH] = redis_lua_touch,
    [RS_DESTROY] = redis_lua_destroy,
    [RS_RELEASE] = redis_lua_release,
    [RS_GC] = redis_lua_gc,
    [RS_USER_ADD] = redis_lua_user_add,
    [RS_USER_PRUNE] = redis_lua_user_prune,
    [RS_USER_CLAIM] = redis_lua_user_claim,
    [RS_DEADLINE] = redis_lua_deadline,
};

/*
 * A lock handle. 'known', 'user' and 'deadline' describe the record as
 * this handle last saw it stored (read by acquire, or written, touched or
 * destroyed since): the guess that lets a write skip the user set when the
 * user and the deadline's step stay the same. The scripts check it
 * against the stored record, so a wrong guess costs a retry, never the
 * index.
 */
typedef struct redis_lock {
	tsr_lock base; /* first: the dispatcher's part */
	char token[2 * REDIS_TOKEN_BYTES + 1];
	bool known;
	size_t user_len; /* 0: the record names no user (or there is none) */
	uint8_t user[TSR_RECORD_MAX_USER_ID];
	int64_t deadline;
} redis_lock;

static redis_store *redis_of(tsr_store *st)
{
	return (redis_store *) st;
}

/* Writes 'n' bytes at 'in' as lower-case hex into 'out': see redis_internal.h. */
void tsr__redis_hex(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

/*
 * Writes "<prefix>{<tag>}<suffix>" and a NUL into 'out', which has room
 * for them (REDIS_KEY_SIZE bytes hold a 'tag' of up to TSR_KEY_HEX_LEN
 * bytes and a suffix of up to 8): 'tag' is 'tag_len' bytes, 'suffix'
 * 'suffix_len'. Returns the key's length. (Built by hand: snprintf showed
 * in profiles of every request, which makes four or five of these.)
 */
static size_t redis_key_put(char *out, const redis_store *rs, const char *tag, size_t tag_len,
                            const char *suffix, size_t suffix_len)
{
	size_t n = 0;

	memcpy(out, rs->prefix, rs->prefix_len);
	n += rs->prefix_len;
	out[n++] = '{';
	memcpy(out + n, tag, tag_len);
	n += tag_len;
	out[n++] = '}';
	memcpy(out + n, suffix, suffix_len);
	n += suffix_len;
	out[n] = '\0';
	return n;
}

/* Builds the keys of the session whose storage key is 'hex' (64 characters). */
void tsr__redis_keys_make(const redis_store *rs, const char *hex, redis_keys *k)
{
	size_t tag_len = strnlen(hex, TSR_KEY_HEX_LEN);

	k->rec_len = redis_key_put(k->rec, rs, hex, tag_len, ":rec", 4);
	k->lock_len = redis_key_put(k->lock, rs, hex, tag_len, ":lock", 5);
	k->wake_len = redis_key_put(k->wake, rs, hex, tag_len, ":wake", 5);
	k->waiters_len = redis_key_put(k->waiters, rs, hex, tag_len, ":waiters", 8);
}

/* Returns monotonic time in ms. */
static int64_t redis_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Fills 'out' (2 * REDIS_TOKEN_BYTES + 1 bytes) with a new lock token: 128
 * bits from getrandom(2), in hex. Returns TSR_OK or TSR_ERANDOM (in 'e').
 */
int tsr__redis_token(char *out, tsr_error *e)
{
	uint8_t raw[REDIS_TOKEN_BYTES];
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return tsr_error_set(e, TSR_ERANDOM, "redis: getrandom failed: %s", strerror(errno));
		}
		got += (size_t) n;
	}
	tsr__redis_hex(raw, sizeof(raw), out);
	OPENSSL_cleanse(raw, sizeof(raw));
	return TSR_OK;
}

/* Closes the connections of a non-persistent store that holds no lock. */
static void redis_idle(redis_store *rs)
{
	if (!rs->persistent && rs->locks_held == 0) {
		tsr__redis_client_disconnect(&rs->client);
	}
}

/* Marks 'lock' as no longer holding its lock (and, with 'released', as finished). */
static void redis_lock_drop(redis_store *rs, redis_lock *lock, bool released)
{
	if (lock->base.held) {
		lock->base.held = false;
		if (rs->locks_held > 0) {
			rs->locks_held--;
		}
	}
	if (released) {
		lock->base.released = true;
	}
}

/* Records in 'lock' that its session's record now names 'uid' ('ulen' bytes) and ends at 'at'. */
static void redis_lock_saw(redis_lock *lock, const uint8_t *uid, size_t ulen, int64_t at)
{
	lock->known = true;
	lock->user_len = ulen;
	if (ulen > 0) {
		memcpy(lock->user, uid, ulen);
	}
	lock->deadline = at;
}

/* Records that the reply to 'script' had an unexpected shape. Returns TSR_EIO. */
int tsr__redis_bad_reply(redis_store *rs, enum redis_script script)
{
	char name[300];

	tsr__redis_node_name(&rs->client, rs->client.last_node, name, sizeof(name));
	return tsr_error_set(&rs->base.error, TSR_EIO, "redis %s: %s: unexpected reply", name,
	                     redis_script_names[script]);
}

/*
 * Makes sure script 'script' is loaded on node 'node' (SCRIPT LOAD is
 * cheap when it already is). Returns TSR_OK or the failure.
 */
static int redis_load_on(redis_store *rs, size_t node, enum redis_script script)
{
	const char *argv[3] = {"SCRIPT", "LOAD", redis_scripts[script]};
	size_t lens[3] = {6, 4, strlen(redis_scripts[script])};
	tsr_redis_cmd cmd = {3, argv, lens};
	redisReply *r = NULL;
	int rc;

	rc = tsr__redis_node_pipeline(&rs->client, node, 1, &cmd, 0, &r, &rs->base.error);
	if (rc != TSR_OK) {
		return rc;
	}
	if (r->type != REDIS_REPLY_STRING || r->len != 40 || memcmp(r->str, rs->sha[script], 40) != 0) {
		rc = r->type == REDIS_REPLY_ERROR
		         ? tsr__redis_reply_error(&rs->client, r, "SCRIPT LOAD", &rs->base.error)
		         : tsr__redis_bad_reply(rs, script);
	}
	REDIS_FREE(r);
	return rc;
}

/*
 * Appends the 'n' words 'words' ('word_lens' bytes each, borrowed) to the
 * command in 'argv' / 'lens', which holds 'argc' so far. Returns the new
 * argument count.
 */
static int redis_argv_append(int argc, int n, const char *const *words, const size_t *word_lens,
                             const char **argv, size_t *lens)
{
	int i;

	for (i = 0; i < n; i++) {
		argv[argc] = words[i];
		lens[argc++] = word_lens[i];
	}
	return argc;
}

/*
 * Builds the EVALSHA command of 'script' with 'nkeys' (0 to 5) keys and
 * 'nargs' arguments, all borrowed, into 'argv' / 'lens' (room for
 * REDIS_EVAL_ARGV: nkeys + nargs <= REDIS_EVAL_ARGV - 3). Returns its
 * argument count.
 */
static int redis_evalsha_argv(const redis_store *rs, enum redis_script script, int nkeys,
                              const char *const *keys, const size_t *key_lens, int nargs,
                              const char *const *args, const size_t *arg_lens, const char **argv,
                              size_t *lens)
{
	static const char *const numkeys[] = {"0", "1", "2", "3", "4", "5", "6"};

	argv[0] = "EVALSHA";
	lens[0] = 7;
	argv[1] = rs->sha[script];
	lens[1] = 40;
	argv[2] = numkeys[nkeys];
	lens[2] = 1;
	return redis_argv_append(redis_argv_append(3, nkeys, keys, key_lens, argv, lens), nargs, args,
	                         arg_lens, argv, lens);
}

/*
 * Runs script 'script' with 'nkeys' keys and 'nargs' arguments (each with
 * its length; at most REDIS_EVAL_ARGV - 3 in all), routed by keys[0], loading it once on
 * NOSCRIPT. On TSR_OK '*out' is a non-error reply the caller frees.
 * Returns TSR_OK or the client's / the error reply's code, with detail on
 * the store.
 */
int tsr__redis_eval(redis_store *rs, enum redis_script script, int nkeys, const char *const *keys,
                    const size_t *key_lens, int nargs, const char *const *args,
                    const size_t *arg_lens, redisReply **out)
{
	tsr_error *e = &rs->base.error;
	const char *argv[REDIS_EVAL_ARGV];
	size_t lens[REDIS_EVAL_ARGV];
	redisReply *r = NULL;
	int argc, rc;

	*out = NULL;
	argc = redis_evalsha_argv(rs, script, nkeys, keys, key_lens, nargs, args, arg_lens, argv, lens);
	rc = tsr__redis_call(&rs->client, keys[0], key_lens[0], argc, argv, lens, 0, &r, e);
	if (rc != TSR_OK) {
		return rc;
	}
	if (r->type == REDIS_REPLY_ERROR && r->len >= 8 && memcmp(r->str, "NOSCRIPT", 8) == 0) {
		/* Load it on the node that said so (on a cluster, maybe an ASK target), then retry. */
		REDIS_FREE(r);
		rc = redis_load_on(rs, rs->client.last_node, script);
		if (rc != TSR_OK) {
			return rc;
		}
		rs->client.stats.noscript++;
		rc = tsr__redis_call(&rs->client, keys[0], key_lens[0], argc, argv, lens, 0, &r, e);
		if (rc != TSR_OK) {
			return rc;
		}
	}
	if (r->type == REDIS_REPLY_ERROR) {
		rc = tsr__redis_reply_error(&rs->client, r, redis_script_names[script], e);
		REDIS_FREE(r);
		return rc;
	}
	*out = r;
	return TSR_OK;
}

/* True when 'r' is the status reply 'want' ("OK", "QUEUED"). */
static bool redis_status_is(const redisReply *r, const char *want)
{
	size_t n = strlen(want);

	return r != NULL && r->type == REDIS_REPLY_STATUS && r->len == n &&
	       memcmp(r->str, want, n) == 0;
}

/*
 * Sends the 'n' commands 'cmds' in one pipeline to the node that serves
 * 'key' ('len' bytes) and stores their replies in 'replies' (room for 'n',
 * freed by the caller); 'timeout_ms' > 0 lengthens the read timeout (a
 * blocking command is among them). Returns TSR_OK or the client's failure
 * (no reply left then), with detail on the store.
 */
static int redis_pipeline_for(redis_store *rs, const char *key, size_t len, size_t n,
                              const tsr_redis_cmd *cmds, int timeout_ms, redisReply **replies)
{
	size_t node;
	int rc;

	rc = tsr__redis_node_of(&rs->client, key, len, &node, &rs->base.error);
	if (rc != TSR_OK) {
		return rc;
	}
	return tsr__redis_node_pipeline(&rs->client, node, n, cmds, timeout_ms, replies,
	                                &rs->base.error);
}

/*
 * A wait on a wake list that redis_eval_get sends ahead of its MULTI, in
 * the same pipeline: BLPOP 'wake' for 'wait_ms' (>= 1). Redis runs the
 * commands queued behind a blocked BLPOP the moment it returns, so the
 * try after a wake-up costs no round trip of its own: the waiter hears
 * back once, with the lock taken or still busy. 'waited' tells whether
 * the BLPOP ran (woken or timed out) or was refused (an error reply, such
 * as a redirection: then the caller waits the routed way, redis_wait).
 */
typedef struct redis_wait_first {
	const char *wake;
	size_t wake_len;
	int64_t wait_ms;
	bool waited;
} redis_wait_first;

/*
 * Fills 'argv' / 'lens' (room for 3) with BLPOP of the list 'wake'
 * ('wake_len' bytes) for 'wait_ms', the seconds written into 'secs'
 * ('size' bytes, owned by the caller, who keeps it alive while argv is
 * used). Returns the argument count, 3.
 */
static int redis_blpop_argv(const char *wake, size_t wake_len, int64_t wait_ms, char *secs,
                            size_t size, const char **argv, size_t *lens)
{
	snprintf(secs, size, "%lld.%03lld", (long long) (wait_ms / 1000), (long long) (wait_ms % 1000));
	argv[0] = "BLPOP";
	lens[0] = 5;
	argv[1] = wake;
	lens[1] = wake_len;
	argv[2] = secs;
	lens[2] = strlen(secs);
	return 3;
}

/*
 * Counts the answer 'r' to a wake-list BLPOP in the client's statistics:
 * a popped wake-up, or a wait that timed out. Returns true for those two,
 * false for any other answer (not counted).
 */
static bool redis_count_wait(redis_store *rs, const redisReply *r)
{
	if (r->type == REDIS_REPLY_ARRAY) {
		rs->client.stats.wakeups++;
		return true;
	}
	if (r->type == REDIS_REPLY_NIL) {
		rs->client.stats.wait_timeouts++;
		return true;
	}
	return false;
}

/*
 * Runs 'script' (as tsr__redis_eval: keys, arguments, routed by keys[0])
 * and GETs 'keys[0]' in one MULTI ... EXEC, one round trip: the script
 * and the read see the same moment, and the value never passes through
 * Lua, which in Redis 7 costs about as much per 16 KB as the whole
 * request. On TSR_OK '*out' is the script's non-error reply and '*value'
 * the GET's (a string or nil); the caller frees both. Any other answer
 * (NOSCRIPT, a redirection, a refused MULTI) is retried the plain way: the
 * script with tsr__redis_eval, then the GET, through the routing client.
 * With 'first' (NULL: none), its BLPOP goes ahead in the same pipeline
 * (redis_wait_first; the wake list shares keys[0]'s hash tag) and
 * 'first->waited' tells whether it ran. Returns TSR_OK or the first
 * failure, with detail on the store.
 */
static int redis_eval_get(redis_store *rs, enum redis_script script, int nkeys,
                          const char *const *keys, const size_t *key_lens, int nargs,
                          const char *const *args, const size_t *arg_lens, redis_wait_first *first,
                          redisReply **out, redisReply **value)
{
	const char *multi[1] = {"MULTI"}, *exec[1] = {"EXEC"};
	size_t multi_len[1] = {5}, exec_len[1] = {4};
	tsr_error *e = &rs->base.error;
	const char *argv[REDIS_EVAL_ARGV], *get[2] = {"GET", keys[0]}, *blpop[3];
	size_t lens[REDIS_EVAL_ARGV], get_lens[2] = {3, key_lens[0]}, blpop_lens[3];
	tsr_redis_cmd cmds[5];
	redisReply *all[5] = {NULL, NULL, NULL, NULL, NULL};
	redisReply **r = all;
	char secs[32];
	size_t i, n = 0;
	int argc, rc;

	*out = NULL;
	*value = NULL;
	if (first != NULL) {
		first->waited = false;
		cmds[n++] = (tsr_redis_cmd){redis_blpop_argv(first->wake, first->wake_len, first->wait_ms,
		                                             secs, sizeof(secs), blpop, blpop_lens),
		                            blpop, blpop_lens};
	}
	argc = redis_evalsha_argv(rs, script, nkeys, keys, key_lens, nargs, args, arg_lens, argv, lens);
	cmds[n++] = (tsr_redis_cmd){1, multi, multi_len};
	cmds[n++] = (tsr_redis_cmd){argc, argv, lens};
	cmds[n++] = (tsr_redis_cmd){2, get, get_lens};
	cmds[n++] = (tsr_redis_cmd){1, exec, exec_len};
	rc = redis_pipeline_for(rs, keys[0], key_lens[0], n, cmds,
	                        first != NULL ? (int) first->wait_ms : 0, all);
	if (rc != TSR_OK) {
		return rc;
	}
	if (first != NULL) {
		first->waited = redis_count_wait(rs, all[0]);
		r = all + 1;
	}
	if (redis_status_is(r[0], "OK") && redis_status_is(r[1], "QUEUED") &&
	    redis_status_is(r[2], "QUEUED") && r[3]->type == REDIS_REPLY_ARRAY && r[3]->elements == 2 &&
	    r[3]->element[0]->type != REDIS_REPLY_ERROR &&
	    (r[3]->element[1]->type == REDIS_REPLY_STRING ||
	     r[3]->element[1]->type == REDIS_REPLY_NIL)) {
		*out = r[3]->element[0];
		*value = r[3]->element[1];
		r[3]->element[0] = NULL; /* now the caller's; freeReplyObject skips NULL elements */
		r[3]->element[1] = NULL;
	}
	for (i = 0; i < n; i++) {
		REDIS_FREE(all[i]);
	}
	if (*out != NULL) {
		return TSR_OK;
	}
	rs->client.stats.slow_path++;
	rc = tsr__redis_eval(rs, script, nkeys, keys, key_lens, nargs, args, arg_lens, out);
	if (rc != TSR_OK) {
		return rc;
	}
	rc = tsr__redis_call(&rs->client, keys[0], key_lens[0], 2, get, get_lens, 0, value, e);
	if (rc == TSR_OK && (*value)->type == REDIS_REPLY_ERROR) {
		rc = tsr__redis_reply_error(&rs->client, *value, "GET", e);
	} else if (rc == TSR_OK && (*value)->type != REDIS_REPLY_STRING &&
	           (*value)->type != REDIS_REPLY_NIL) {
		rc = tsr__redis_bad_reply(rs, script);
	}
	if (rc != TSR_OK) {
		REDIS_FREE(*out);
		REDIS_FREE(*value);
	}
	return rc;
}

/* How long staged bytes may wait for the script that renames them into place (ms). */
#define REDIS_STAGE_TTL_MS "60000"
/* Where WRITE's keys hold the staged key (its KEYS[5]). */
#define REDIS_STAGED_KEY 4

/*
 * Runs 'script' (as tsr__redis_eval) right after storing the 'len' bytes
 * at 'data' under its staged key, keys[REDIS_STAGED_KEY] (SET ... PX
 * REDIS_STAGE_TTL_MS), both in one pipeline to the node of keys[0] (they
 * share its hash tag): the script renames the staged bytes into place, so
 * they never pass through Lua. Any irregular answer (a refused SET,
 * NOSCRIPT, a redirection) is retried the plain way, SET then
 * tsr__redis_eval through the routing client. On TSR_OK '*out' is the
 * script's non-error reply, freed by the caller. Returns TSR_OK or the
 * first failure.
 */
static int redis_eval_staged(redis_store *rs, enum redis_script script, int nkeys,
                             const char *const *keys, const size_t *key_lens, int nargs,
                             const char *const *args, const size_t *arg_lens, const uint8_t *data,
                             size_t len, redisReply **out)
{
	tsr_error *e = &rs->base.error;
	const char *argv[REDIS_EVAL_ARGV];
	const char *set[5] = {"SET", keys[REDIS_STAGED_KEY], len > 0 ? (const char *) data : "", "PX",
	                      REDIS_STAGE_TTL_MS};
	size_t lens[REDIS_EVAL_ARGV],
	    set_lens[5] = {3, key_lens[REDIS_STAGED_KEY], len, 2, strlen(REDIS_STAGE_TTL_MS)};
	tsr_redis_cmd cmds[2];
	redisReply *r[2] = {NULL, NULL};
	int argc, rc;

	*out = NULL;
	argc = redis_evalsha_argv(rs, script, nkeys, keys, key_lens, nargs, args, arg_lens, argv, lens);
	cmds[0] = (tsr_redis_cmd){5, set, set_lens};
	cmds[1] = (tsr_redis_cmd){argc, argv, lens};
	rc = redis_pipeline_for(rs, keys[0], key_lens[0], 2, cmds, 0, r);
	if (rc != TSR_OK) {
		return rc;
	}
	if (redis_status_is(r[0], "OK") && r[1]->type != REDIS_REPLY_ERROR) {
		*out = r[1];
		REDIS_FREE(r[0]);
		return TSR_OK;
	}
	REDIS_FREE(r[0]);
	REDIS_FREE(r[1]);
	rs->client.stats.slow_path++;
	rc = tsr__redis_call(&rs->client, keys[0], key_lens[0], 5, set, set_lens, 0, &r[0], e);
	if (rc != TSR_OK) {
		return rc;
	}
	if (!redis_status_is(r[0], "OK")) {
		rc = tsr__redis_reply_error(&rs->client, r[0], "SET (staged record)", e);
		REDIS_FREE(r[0]);
		return rc;
	}
	REDIS_FREE(r[0]);
	return tsr__redis_eval(rs, script, nkeys, keys, key_lens, nargs, args, arg_lens, out);
}

/*
 * Copies the record a GET answered ('value', a string; nil: no record,
 * TSR_ENOTFOUND) into 'record' (a new buffer owned by the caller) and its
 * 'deadline' into '*expires_at' (a key without one, not written by this
 * driver, reports 0: expired). Returns TSR_OK, TSR_ENOTFOUND, TSR_EIO
 * (a deadline that says the key is missing while GET found it, or
 * another shape) or TSR_ENOMEM.
 */
static int redis_take_record(redis_store *rs, enum redis_script script, const redisReply *value,
                             const redisReply *deadline, tsr_bytes *record, int64_t *expires_at)
{
	if (deadline->type != REDIS_REPLY_INTEGER) {
		return tsr__redis_bad_reply(rs, script);
	}
	if (value->type == REDIS_REPLY_NIL) {
		return TSR_ENOTFOUND;
	}
	if (value->type != REDIS_REPLY_STRING || deadline->integer == -2) {
		return tsr__redis_bad_reply(rs, script);
	}
	record->data = NULL;
	record->len = 0;
	if (value->len > 0) {
		record->data = malloc(value->len);
		if (record->data == NULL) {
			return tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
		}
		memcpy(record->data, value->str, value->len);
		record->len = value->len;
	}
	*expires_at = deadline->integer >= 0 ? (int64_t) deadline->integer : 0;
	return TSR_OK;
}

/*
 * Waits for a wake-up on 'k's wake list for 'wait_ms' (>= 1). Returns
 * TSR_OK (woken or timed out: the caller tries again) or a client error.
 */
static int redis_wait(redis_store *rs, const redis_keys *k, int64_t wait_ms)
{
	const char *argv[3];
	size_t lens[3];
	char secs[32];
	redisReply *r = NULL;
	int argc, rc;

	argc = redis_blpop_argv(k->wake, k->wake_len, wait_ms, secs, sizeof(secs), argv, lens);
	rc = tsr__redis_call(&rs->client, k->wake, k->wake_len, argc, argv, lens, (int) wait_ms, &r,
	                     &rs->base.error);
	if (rc != TSR_OK) {
		return rc;
	}
	if (!redis_count_wait(rs, r)) {
		rc = tsr__redis_reply_error(&rs->client, r, "BLPOP", &rs->base.error);
	}
	REDIS_FREE(r);
	return rc;
}

/*
 * Returns the lifetime a new lock gets: the store's lock_ttl_ms as
 * configured now (callers may change it between acquisitions), or the
 * default when it is not positive.
 */
int tsr__redis_lock_ttl_ms(const redis_store *rs)
{
	return rs->base.config.lock_ttl_ms > 0 ? rs->base.config.lock_ttl_ms
	                                       : TSR_STORE_DEFAULT_LOCK_TTL_MS;
}

/*
 * EXCLUSIVE acquire: ACQUIRE until taken, waiting on the wake list between
 * tries, until 'limit' (CLOCK_MONOTONIC ms: the store's wait limit). Each
 * wait rides ahead of the next try in one pipeline (redis_wait_first); a
 * wait the server refused there is made the routed way (redis_wait)
 * before a plain try. On TSR_OK / TSR_ENOTFOUND the lock is held with
 * 'token'. Returns those, TSR_ELOCKTIMEOUT or a client error.
 */
static int redis_acquire_exclusive(redis_store *rs, const tsr_key *key, const redis_keys *k,
                                   const char *token, int64_t limit, tsr_bytes *record,
                                   int64_t *expires_at)
{
	const char *keys[3] = {k->rec, k->lock, k->waiters};
	size_t key_lens[3] = {k->rec_len, k->lock_len, k->waiters_len};
	const char *args[3];
	size_t arg_lens[3];
	char ttl[24], patience[24];
	redis_wait_first first = {k->wake, k->wake_len, 0, false};
	redisReply *r = NULL, *value = NULL;
	int rc;

	snprintf(ttl, sizeof(ttl), "%d", tsr__redis_lock_ttl_ms(rs));
	args[0] = token;
	arg_lens[0] = strlen(token);
	args[1] = ttl;
	arg_lens[1] = strlen(ttl);
	args[2] = patience;
	for (;;) {
		int64_t remaining, wait, pttl;

		/* How long this caller would wait if the try fails (ACQUIRE keeps 'waiters' that long). */
		remaining = limit - redis_mono_ms();
		arg_lens[2] = (size_t) snprintf(patience, sizeof(patience), "%lld",
		                                (long long) (remaining > 0 ? remaining : 1));
		rc = redis_eval_get(rs, RS_ACQUIRE, 3, keys, key_lens, 3, args, arg_lens,
		                    first.wait_ms > 0 ? &first : NULL, &r, &value);
		if (rc != TSR_OK) {
			return rc;
		}
		if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
		    r->element[0]->type != REDIS_REPLY_INTEGER ||
		    r->element[1]->type != REDIS_REPLY_INTEGER) {
			rc = tsr__redis_bad_reply(rs, RS_ACQUIRE);
			break;
		}
		if (r->element[0]->integer == 1) {
			rc = redis_take_record(rs, RS_ACQUIRE, value, r->element[1], record, expires_at);
			break;
		}
		pttl = r->element[1]->integer;
		REDIS_FREE(r);
		REDIS_FREE(value); /* read while another holds the lock: not ours to use */
		remaining = limit - redis_mono_ms();
		if (remaining <= 0) {
			return tsr_error_set(&rs->base.error, TSR_ELOCKTIMEOUT,
			                     "redis: session %.8s... still locked after %d ms", key->hex,
			                     rs->base.config.lock_wait_ms);
		}
		wait = remaining;
		if (pttl >= 0 && pttl + 1 < wait) {
			wait = pttl + 1;
		}
		if (first.wait_ms > 0 && !first.waited) {
			rc = redis_wait(rs, k, wait);
			if (rc != TSR_OK) {
				return rc;
			}
			first.wait_ms = 0;
			continue;
		}
		first.wait_ms = wait;
	}
	REDIS_FREE(r);
	REDIS_FREE(value);
	return rc;
}

/*
 * READ_ONLY / NONE acquire: DEADLINE and GET in one MULTI, no lock.
 * Returns TSR_OK, TSR_ENOTFOUND or a client error.
 */
static int redis_read(redis_store *rs, const redis_keys *k, tsr_bytes *record, int64_t *expires_at)
{
	const char *keys[1] = {k->rec};
	size_t key_lens[1] = {k->rec_len};
	redisReply *r = NULL, *value = NULL;
	int rc;

	rc = redis_eval_get(rs, RS_DEADLINE, 1, keys, key_lens, 0, NULL, NULL, NULL, &r, &value);
	if (rc != TSR_OK) {
		return rc;
	}
	rc = redis_take_record(rs, RS_DEADLINE, value, r, record, expires_at);
	REDIS_FREE(r);
	REDIS_FREE(value);
	return rc;
}

/*
 * Locks 'key' per 'mode' and reads it: see tsr_store_acquire in store.h.
 * EXCLUSIVE takes the lock and reads in one round trip, waiting on the
 * session's wake list while another holder has it.
 */
static int redis_acquire(tsr_store *st, const tsr_key *key, tsr_lock_mode mode, tsr_lock **out,
                         tsr_bytes *record, int64_t *expires_at)
{
	redis_store *rs = redis_of(st);
	redis_lock *lock;
	redis_keys k;
	int64_t limit;
	int rc;

	*out = NULL;
	lock = calloc(1, sizeof(*lock));
	if (lock == NULL) {
		return tsr_error_set(&st->error, TSR_ENOMEM, "redis: out of memory");
	}
	lock->base.key = *key;
	lock->base.mode = mode;
	tsr__redis_keys_make(rs, key->hex, &k);
	/* A slot migration's TRYAGAIN is retried within the wait limit too (redis_client.c). */
	limit = redis_mono_ms() + rs->base.config.lock_wait_ms;
	rs->client.tryagain_until_ms = limit > 0 ? limit : 1;
	if (mode == TSR_LOCK_EXCLUSIVE) {
		rc = tsr__redis_token(lock->token, &st->error);
		if (rc == TSR_OK) {
			rc = redis_acquire_exclusive(rs, key, &k, lock->token, limit, record, expires_at);
		}
	} else {
		rc = redis_read(rs, &k, record, expires_at);
	}
	rs->client.tryagain_until_ms = 0;
	if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
		OPENSSL_cleanse(lock->token, sizeof(lock->token));
		free(lock);
		redis_idle(rs);
		return rc;
	}
	if (mode == TSR_LOCK_EXCLUSIVE) {
		lock->base.held = true;
		rs->locks_held++;
	}
	if (rc == TSR_OK) {
		const uint8_t *uid = NULL;
		size_t ulen = 0;

		tsr_record_user_of(record->data, record->len, &uid, &ulen);
		redis_lock_saw(lock, uid, ulen, *expires_at);
	} else {
		redis_lock_saw(lock, NULL, 0, 0);
	}
	if (rc == TSR_ENOTFOUND) {
		tsr_error_set(&st->error, TSR_ENOTFOUND, "redis: session %.8s... not found", key->hex);
	}
	*out = &lock->base;
	redis_idle(rs);
	return rc;
}

/* What a fenced script (WRITE, TOUCH, DESTROY) answered, beyond its status. */
typedef struct redis_outcome {
	int kind;        /* 0 plain; REDIS_INDEX_FIRST; REDIS_LEAVE_USER */
	bool joined;     /* WRITE added the session to the new user's set itself */
	size_t user_len; /* the user the answer names (1..256 bytes) */
	uint8_t user[TSR_RECORD_MAX_USER_ID];
} redis_outcome;

/* {-3, user}: add the session to that user's set first; nothing was changed. */
#define REDIS_INDEX_FIRST (-3)
/* {1, user[, joined]}: done, the session is to leave that user's set; a release was held back. */
#define REDIS_LEAVE_USER 1
/* WRITE's answer, alone or third in {1, user, joined}, when it added the session to a set. */
#define REDIS_JOINED 2

/*
 * Runs one of the fenced scripts (WRITE, TOUCH, DESTROY) for 'lock' with
 * 'extra' script arguments after the token and before the release flag,
 * cap and wake ttl. WRITE gets the new record's 'staged_len' bytes at
 * 'staged' (NULL for the others) under a staged key of its own
 * (redis_eval_staged), staged again once if the script did not find them.
 * With 'join' (WRITE only, one server only; NULL: none) WRITE gets the
 * new user's set and adds the session to it itself where needed.
 * Maps 0 / -1 / -2 to TSR_OK / TSR_ELOCKLOST / TSR_EGONE, and the array
 * answers to TSR_OK with 'out->kind' set (REDIS_INDEX_FIRST,
 * REDIS_LEAVE_USER) and the user they name. Leaves the lock's release to
 * redis_fenced_end.
 */
static int redis_fenced_run(redis_store *rs, redis_lock *lock, enum redis_script script,
                            const char **extra, const size_t *extra_lens, int n_extra,
                            const uint8_t *staged, size_t staged_len, const redis_join *join,
                            unsigned flags, redis_outcome *out)
{
	bool fenced = lock->base.mode == TSR_LOCK_EXCLUSIVE;
	bool release = (flags & TSR_RELEASE) != 0;
	const char *args[8];
	size_t arg_lens[8];
	const char *keys[6];
	size_t key_lens[6];
	char stage_key[REDIS_KEY_SIZE + 6 + 2 * REDIS_TOKEN_BYTES];
	char stage_suffix[6 + 2 * REDIS_TOKEN_BYTES + 1] = ":next:";
	redisReply *r = NULL;
	redis_keys k;
	int nargs = 0, i, rc, attempt;

	out->kind = 0;
	out->joined = false;
	out->user_len = 0;
	if (fenced && !lock->base.held) {
		return tsr_error_set(&rs->base.error, TSR_ELOCKLOST,
		                     "redis: session %.8s...: lock no longer held", lock->base.key.hex);
	}
	tsr__redis_keys_make(rs, lock->base.key.hex, &k);
	keys[0] = k.rec;
	key_lens[0] = k.rec_len;
	keys[1] = k.lock;
	key_lens[1] = k.lock_len;
	keys[2] = k.wake;
	key_lens[2] = k.wake_len;
	keys[3] = k.waiters;
	key_lens[3] = k.waiters_len;
	args[nargs] = fenced ? lock->token : "";
	arg_lens[nargs++] = fenced ? strlen(lock->token) : 0;
	for (i = 0; i < n_extra; i++) {
		args[nargs] = extra[i];
		arg_lens[nargs++] = extra_lens[i];
	}
	args[nargs] = release ? "1" : "0";
	arg_lens[nargs++] = 1;
	if (join != NULL) {
		keys[5] = join->set;
		key_lens[5] = join->set_len;
		args[nargs] = lock->base.key.hex;
		arg_lens[nargs++] = TSR_KEY_HEX_LEN;
		args[nargs] = join->expiry;
		arg_lens[nargs++] = strlen(join->expiry);
	}

	if (staged == NULL) {
		rc = tsr__redis_eval(rs, script, 4, keys, key_lens, nargs, args, arg_lens, &r);
	} else {
		/* A name of its own per write: unfenced writers of one session may overlap. */
		rc = tsr__redis_token(stage_suffix + 6, &rs->base.error);
		if (rc != TSR_OK) {
			return rc;
		}
		keys[REDIS_STAGED_KEY] = stage_key;
		key_lens[REDIS_STAGED_KEY] =
		    redis_key_put(stage_key, rs, lock->base.key.hex, TSR_KEY_HEX_LEN, stage_suffix,
		                  sizeof(stage_suffix) - 1);
		for (attempt = 0;; attempt++) {
			rc = redis_eval_staged(rs, script, join != NULL ? 6 : 5, keys, key_lens, nargs, args,
			                       arg_lens, staged, staged_len, &r);
			if (rc != TSR_OK || attempt > 0 || r->type != REDIS_REPLY_INTEGER || r->integer != -4) {
				break;
			}
			REDIS_FREE(r); /* the staged bytes lapsed before the script ran: stage them again */
		}
	}
	if (rc != TSR_OK) {
		return rc;
	}
	if (r->type == REDIS_REPLY_ARRAY && (r->elements == 2 || r->elements == 3) &&
	    r->element[0]->type == REDIS_REPLY_INTEGER &&
	    (r->element[0]->integer == REDIS_INDEX_FIRST ||
	     r->element[0]->integer == REDIS_LEAVE_USER) &&
	    r->element[1]->type == REDIS_REPLY_STRING && r->element[1]->len >= 1 &&
	    r->element[1]->len <= TSR_RECORD_MAX_USER_ID &&
	    (r->elements == 2 || r->element[2]->type == REDIS_REPLY_INTEGER)) {
		out->kind = (int) r->element[0]->integer;
		out->joined = r->elements == 3 && r->element[2]->integer == REDIS_JOINED;
		out->user_len = r->element[1]->len;
		memcpy(out->user, r->element[1]->str, out->user_len);
	} else if (r->type != REDIS_REPLY_INTEGER) {
		rc = tsr__redis_bad_reply(rs, script);
	} else if (r->integer == -1) {
		redis_lock_drop(rs, lock, false);
		rc = tsr_error_set(&rs->base.error, TSR_ELOCKLOST,
		                   "redis: session %.8s...: lock taken over by another holder",
		                   lock->base.key.hex);
	} else if (r->integer == -2) {
		rc = tsr_error_set(&rs->base.error, TSR_EGONE, "redis: session %.8s... is gone",
		                   lock->base.key.hex);
	} else if (r->integer == REDIS_JOINED && join != NULL) {
		out->joined = true;
	} else if (r->integer != 0) {
		rc = tsr__redis_bad_reply(rs, script);
	}
	if (out->joined) {
		rs->client.stats.index_writes++;
	}
	REDIS_FREE(r);
	return rc;
}

/*
 * RELEASE for 'lock' if it holds its lock: deletes the lock only while it
 * holds our token, and pushes a wake-up. Marks the handle finished.
 * Returns TSR_OK (also when the lock had lapsed) or the failure.
 */
static int redis_unlock(redis_store *rs, redis_lock *lock)
{
	redisReply *r = NULL;
	int rc = TSR_OK;

	if (lock->base.held) {
		redis_keys k;
		const char *keys[3];
		size_t key_lens[3];
		const char *args[1];
		size_t arg_lens[1];

		tsr__redis_keys_make(rs, lock->base.key.hex, &k);
		keys[0] = k.lock;
		key_lens[0] = k.lock_len;
		keys[1] = k.wake;
		key_lens[1] = k.wake_len;
		keys[2] = k.waiters;
		key_lens[2] = k.waiters_len;
		args[0] = lock->token;
		arg_lens[0] = strlen(lock->token);
		rc = tsr__redis_eval(rs, RS_RELEASE, 3, keys, key_lens, 1, args, arg_lens, &r);
		if (rc == TSR_OK && r->type != REDIS_REPLY_INTEGER) {
			rc = tsr__redis_bad_reply(rs, RS_RELEASE);
		}
		REDIS_FREE(r);
	}
	redis_lock_drop(rs, lock, true);
	return rc;
}

/*
 * Ends a write, touch or destroy of 'lock' that returns 'rc': with
 * TSR_RELEASE in 'flags' the lock is released whatever the outcome. The
 * script released it already, unless it kept it ('kept': the session had
 * to leave a user's set first), or the call failed before any script
 * changed anything ('early': a user set could not be written); then
 * RELEASE runs now, except after TSR_EUNREACHABLE, when the lock is left
 * to its ttl.
 * Errors of that RELEASE are not reported: the change itself is done (or
 * refused with 'rc'), and a lock that stays lapses after its ttl.
 */
static void redis_fenced_end(redis_store *rs, redis_lock *lock, unsigned flags, int rc, bool kept,
                             bool early)
{
	if ((flags & TSR_RELEASE) != 0) {
		if (kept || (early && rc != TSR_EUNREACHABLE)) {
			tsr_error saved = rs->base.error;

			redis_unlock(rs, lock);
			rs->base.error = saved;
		}
		redis_lock_drop(rs, lock, true);
	}
	redis_idle(rs);
}

/*
 * After a fenced script answered REDIS_LEAVE_USER in 'out': takes the
 * session 'lock' holds out of that user's set (SREM). The lock is still
 * held (EXCLUSIVE), so no writer of this session runs in between. A
 * failure is not reported: the record change is done, and the member left
 * behind is stale, skipped and pruned by listing and gc. Returns whether
 * the script kept a lock that is still to be released.
 */
static bool redis_leave_user(redis_store *rs, redis_lock *lock, const redis_outcome *out,
                             unsigned flags)
{
	tsr_error saved = rs->base.error;

	if (out->kind != REDIS_LEAVE_USER) {
		return false;
	}
	tsr__redis_user_remove(rs, out->user, out->user_len, lock->base.key.hex);
	rs->base.error = saved;
	return lock->base.mode == TSR_LOCK_EXCLUSIVE && (flags & TSR_RELEASE) != 0;
}

/*
 * Runs WRITE or TOUCH ('script', with 'n_extra' arguments 'extra' whose
 * last is the indexed user; WRITE with the record bytes 'staged' and
 * maybe a 'join', see redis_fenced_run) until it has run: a
 * REDIS_INDEX_FIRST answer adds the session to the user it names (for the
 * deadline 'deadline') and runs the script once more with that user as
 * the indexed one. Sets '*early' when it fails between the two runs (the
 * first changed nothing, so a lock to release is still held).
 */
static int redis_indexed_run(redis_store *rs, redis_lock *lock, enum redis_script script,
                             const char **extra, size_t *extra_lens, int n_extra,
                             const uint8_t *staged, size_t staged_len, const redis_join *join,
                             unsigned flags, int64_t deadline, redis_outcome *out, bool *early)
{
	uint8_t indexed[TSR_RECORD_MAX_USER_ID];
	int attempt, rc;

	for (attempt = 0;; attempt++) {
		rc = redis_fenced_run(rs, lock, script, extra, extra_lens, n_extra, staged, staged_len,
		                      join, flags, out);
		if (rc != TSR_OK || out->kind != REDIS_INDEX_FIRST) {
			return rc;
		}
		if (attempt > 0) {
			*early = true;                           /* nothing changed, the lock still held */
			return tsr__redis_bad_reply(rs, script); /* it named the user it was just given */
		}
		rc = tsr__redis_user_add(rs, out->user, out->user_len, lock->base.key.hex, deadline);
		if (rc != TSR_OK) {
			*early = true;
			return rc;
		}
		memcpy(indexed, out->user, out->user_len);
		extra[n_extra - 1] = (const char *) indexed;
		extra_lens[n_extra - 1] = out->user_len;
	}
}

/*
 * Replaces the record of 'lock's session: see tsr_store_write in store.h.
 * The user set of the user the new bytes name gets the session first
 * where needed: on one server by WRITE itself, given that set (one round
 * trip, a login included); on a cluster by USER_ADD, sent first only when
 * 'lock' saw another user or an earlier expiry step (else WRITE alone,
 * which asks for the set when that guess was wrong). The old user's set
 * loses it after (see redis_users.c). The write's 'user_id' hint is not
 * needed: the bytes decide, as in the files store.
 */
static int redis_write(tsr_store *st, tsr_lock *lock_base, const struct tsr_store_write *w)
{
	redis_store *rs = redis_of(st);
	redis_lock *lock = (redis_lock *) lock_base;
	const uint8_t *uid = NULL;
	size_t ulen = 0;
	char at[24];
	const char *extra[4];
	size_t extra_lens[4];
	redis_outcome out = {0};
	redis_join join;
	bool kept = false, early = false, joins = false;
	int rc = TSR_OK;

	tsr_record_user_of(w->data, w->len, &uid, &ulen);
	snprintf(at, sizeof(at), "%lld", (long long) w->expires_at);
	extra[0] = ulen > 0 ? (const char *) uid : "";
	extra_lens[0] = ulen;
	extra[1] = at;
	extra_lens[1] = strlen(at);
	extra[2] = (w->flags & TSR_WRITE_CREATE) ? "1" : "0";
	extra_lens[2] = 1;
	extra[3] = "";
	extra_lens[3] = 0;
	if (ulen > 0 && !rs->client.cluster) {
		rc = tsr__redis_join_make(rs, uid, ulen, w->expires_at, &join);
		early = rc != TSR_OK;
		joins = rc == TSR_OK;
	} else if (ulen > 0 && (lock->base.mode != TSR_LOCK_EXCLUSIVE || lock->base.held) &&
	           (!lock->known || lock->user_len != ulen || memcmp(lock->user, uid, ulen) != 0 ||
	            tsr__redis_user_step_after(w->expires_at, lock->deadline))) {
		rc = tsr__redis_user_add(rs, uid, ulen, lock->base.key.hex, w->expires_at);
		early = rc != TSR_OK;
		extra[3] = (const char *) uid;
		extra_lens[3] = ulen;
	}
	if (rc == TSR_OK) {
		rc = redis_indexed_run(rs, lock, RS_WRITE, extra, extra_lens, 4, w->data, w->len,
		                       joins ? &join : NULL, w->flags, w->expires_at, &out, &early);
		/* a failed WRITE may have stopped at the set (a key of another type) before
		 * releasing: release now (RELEASE deletes only a lock holding our token) */
		early = early || (joins && rc != TSR_OK);
	}
	if (rc == TSR_OK) {
		kept = redis_leave_user(rs, lock, &out, w->flags);
		redis_lock_saw(lock, uid, ulen, w->expires_at);
	} else {
		lock->known = false;
	}
	redis_fenced_end(rs, lock, w->flags, rc, kept, early);
	return rc;
}

/*
 * Moves the deadline of 'lock's record: see tsr_store_touch in store.h.
 * The record's user set is refreshed first only when the deadline moves
 * into a later expiry step (as in redis_write).
 */
static int redis_touch(tsr_store *st, tsr_lock *lock_base, int64_t expires_at, unsigned flags)
{
	redis_store *rs = redis_of(st);
	redis_lock *lock = (redis_lock *) lock_base;
	char at[24];
	const char *extra[2];
	size_t extra_lens[2];
	redis_outcome out = {0};
	bool early = false;
	int rc = TSR_OK;

	snprintf(at, sizeof(at), "%lld", (long long) expires_at);
	extra[0] = at;
	extra_lens[0] = strlen(at);
	extra[1] = "";
	extra_lens[1] = 0;
	if (lock->known && lock->user_len > 0 &&
	    (lock->base.mode != TSR_LOCK_EXCLUSIVE || lock->base.held) &&
	    tsr__redis_user_step_after(expires_at, lock->deadline)) {
		rc = tsr__redis_user_add(rs, lock->user, lock->user_len, lock->base.key.hex, expires_at);
		early = rc != TSR_OK;
		extra[1] = (const char *) lock->user;
		extra_lens[1] = lock->user_len;
	}
	if (rc == TSR_OK) {
		rc = redis_indexed_run(rs, lock, RS_TOUCH, extra, extra_lens, 2, NULL, 0, NULL, flags,
		                       expires_at, &out, &early);
	}
	if (rc == TSR_OK && lock->known) {
		lock->deadline = expires_at;
	} else {
		lock->known = false;
	}
	redis_fenced_end(rs, lock, flags, rc, false, early);
	return rc;
}

/*
 * Deletes 'lock's session: see tsr_store_destroy in store.h. A record
 * that named a user leaves that user's set after it is deleted.
 */
static int redis_destroy(tsr_store *st, tsr_lock *lock_base, unsigned flags)
{
	redis_store *rs = redis_of(st);
	redis_lock *lock = (redis_lock *) lock_base;
	redis_outcome out = {0};
	bool kept = false;
	int rc;

	rc = redis_fenced_run(rs, lock, RS_DESTROY, NULL, NULL, 0, NULL, 0, NULL, flags, &out);
	if (rc == TSR_OK && out.kind == REDIS_INDEX_FIRST) {
		rc = tsr__redis_bad_reply(rs, RS_DESTROY);
	}
	if (rc == TSR_OK) {
		kept = redis_leave_user(rs, lock, &out, flags);
		redis_lock_saw(lock, NULL, 0, 0);
	} else {
		lock->known = false;
	}
	redis_fenced_end(rs, lock, flags, rc, kept, false);
	return rc;
}

/*
 * Releases 'lock' if this handle still holds it (RELEASE deletes the lock
 * only while it holds our token) and frees the handle: see
 * tsr_store_release in store.h.
 */
static int redis_release(tsr_store *st, tsr_lock *lock_base)
{
	redis_store *rs = redis_of(st);
	redis_lock *lock = (redis_lock *) lock_base;
	int rc;

	rc = redis_unlock(rs, lock);
	OPENSSL_cleanse(lock->token, sizeof(lock->token));
	free(lock);
	redis_idle(rs);
	return rc;
}

/* True when the 'len' bytes at 's' are all lower-case hex digits. */
bool tsr__redis_hex_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
			return false;
		}
	}
	return true;
}

/*
 * If the 'len' bytes at 'key' are "<prefix>{<hex>}:rec" (with 'users':
 * "<prefix>u:{<hex>}"), <hex> being 64 lower-case hex digits, stores the
 * hex's start in '*hex' and returns true.
 */
static bool redis_parse_key(const redis_store *rs, bool users, const char *key, size_t len,
                            const char **hex)
{
	const char *head = users ? "u:{" : "{", *tail = users ? "}" : "}:rec";
	size_t p = rs->prefix_len, h = strlen(head), t = strlen(tail);

	if (len != p + h + TSR_KEY_HEX_LEN + t || memcmp(key, rs->prefix, p) != 0 ||
	    memcmp(key + p, head, h) != 0 || memcmp(key + p + h + TSR_KEY_HEX_LEN, tail, t) != 0 ||
	    !tsr__redis_hex_ok(key + p + h, TSR_KEY_HEX_LEN)) {
		return false;
	}
	*hex = key + p + h;
	return true;
}

/* SCANs every master for session records or user sets: see redis_internal.h. */
int tsr__redis_scan(redis_store *rs, bool users, enum redis_script script, redis_batch_fn fn,
                    void *arg)
{
	size_t masters[TSR_REDIS_MAX_NODES], n_masters = 0, m;
	char pattern[REDIS_MAX_PREFIX + 8];
	const char **hexes = NULL;
	redisReply *r = NULL;
	bool stop = false;
	int rc;

	snprintf(pattern, sizeof(pattern), users ? "%su:{*}" : "%s{*}:rec", rs->prefix);
	rc = tsr__redis_masters(&rs->client, masters, &n_masters, &rs->base.error);
	for (m = 0; rc == TSR_OK && m < n_masters && !stop; m++) {
		char cursor[32] = "0";

		rc = redis_load_on(rs, masters[m], script);
		while (rc == TSR_OK && !stop) {
			const char *argv[6] = {"SCAN", cursor, "MATCH", pattern, "COUNT", REDIS_SCAN_COUNT};
			size_t lens[6] = {4, strlen(cursor), 5, strlen(pattern), 5, strlen(REDIS_SCAN_COUNT)};
			tsr_redis_cmd cmd = {6, argv, lens};
			const redisReply *keys;
			size_t i, n = 0;

			rc = tsr__redis_node_pipeline(&rs->client, masters[m], 1, &cmd, 0, &r, &rs->base.error);
			if (rc != TSR_OK) {
				break;
			}
			if (r->type == REDIS_REPLY_ERROR) {
				rc = tsr__redis_reply_error(&rs->client, r, "SCAN", &rs->base.error);
				break;
			}
			if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
			    r->element[0]->type != REDIS_REPLY_STRING || r->element[0]->len == 0 ||
			    r->element[0]->len >= sizeof(cursor) || r->element[1]->type != REDIS_REPLY_ARRAY) {
				rc = tsr_error_set(&rs->base.error, TSR_EIO, "redis: SCAN: unexpected reply");
				break;
			}
			keys = r->element[1];
			free(hexes);
			hexes = keys->elements > 0 ? malloc(keys->elements * sizeof(*hexes)) : NULL;
			if (keys->elements > 0 && hexes == NULL) {
				rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
				break;
			}
			for (i = 0; i < keys->elements; i++) {
				const redisReply *key = keys->element[i];

				if (key->type == REDIS_REPLY_STRING &&
				    redis_parse_key(rs, users, key->str, key->len, &hexes[n])) {
					n++;
				}
			}
			if (n > 0) {
				rc = fn(rs, masters[m], hexes, n, arg, &stop);
			}
			memcpy(cursor, r->element[0]->str, r->element[0]->len);
			cursor[r->element[0]->len] = '\0';
			REDIS_FREE(r);
			if (strcmp(cursor, "0") == 0) {
				break;
			}
		}
		REDIS_FREE(r);
	}
	free(hexes);
	return rc;
}

/* True when the error reply 'r' names a slot served elsewhere (migration under way). */
static bool redis_moved(const redisReply *r)
{
	return r->type == REDIS_REPLY_ERROR && ((r->len >= 6 && memcmp(r->str, "MOVED ", 6) == 0) ||
	                                        (r->len >= 4 && memcmp(r->str, "ASK ", 4) == 0) ||
	                                        (r->len >= 8 && memcmp(r->str, "TRYAGAIN", 8) == 0));
}

/*
 * What one batch sends for each call: the plain command 'command' with the
 * call's keys and arguments, or (command NULL) EVALSHA of 'script'.
 */
typedef struct redis_batch_what {
	enum redis_script script;
	const char *command;
} redis_batch_what;

/*
 * Fills 'a' / 'l' (room for REDIS_BATCH_ARGV) with the command that runs
 * call 'c' as 'what' says. Returns its argument count.
 */
static int redis_batch_argv(const redis_store *rs, const redis_batch_what *what,
                            const redis_call *c, const char **a, size_t *l)
{
	if (what->command == NULL) {
		return redis_evalsha_argv(rs, what->script, c->nkeys, c->keys, c->key_lens, c->nargs,
		                          c->args, c->arg_lens, a, l);
	}
	a[0] = what->command;
	l[0] = strlen(what->command);
	return redis_argv_append(redis_argv_append(1, c->nkeys, c->keys, c->key_lens, a, l), c->nargs,
	                         c->args, c->arg_lens, a, l);
}

/*
 * Sends the calls 'pick' (indices into 'calls', 'm' of them) to node
 * 'node' in one pipeline, as 'what' says, and stores each reply at its
 * index in 'replies'. Marks in 'again' the calls the node did not run
 * (MOVED, ASK, TRYAGAIN; NOSCRIPT for a script). Returns TSR_OK, the
 * pipeline's failure, or for a script the code of the first other error
 * reply (a plain command's error replies are the caller's to read).
 */
static int redis_batch_on(redis_store *rs, size_t node, const redis_batch_what *what,
                          const redis_call *calls, const size_t *pick, size_t m,
                          redisReply **replies, bool *again)
{
	const char **argv = malloc(m * REDIS_BATCH_ARGV * sizeof(*argv));
	size_t *lens = malloc(m * REDIS_BATCH_ARGV * sizeof(*lens));
	tsr_redis_cmd *cmds = calloc(m, sizeof(*cmds));
	redisReply **got = calloc(m, sizeof(*got));
	size_t i;
	int rc = TSR_OK;

	if (argv == NULL || lens == NULL || cmds == NULL || got == NULL) {
		rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
		goto cleanup;
	}
	for (i = 0; i < m; i++) {
		const char **a = argv + REDIS_BATCH_ARGV * i;
		size_t *l = lens + REDIS_BATCH_ARGV * i;

		cmds[i] = (tsr_redis_cmd){redis_batch_argv(rs, what, &calls[pick[i]], a, l), a, l};
	}
	rc = tsr__redis_node_pipeline(&rs->client, node, m, cmds, 0, got, &rs->base.error);
	for (i = 0; rc == TSR_OK && i < m; i++) {
		redisReply *r = got[i];

		got[i] = NULL;
		replies[pick[i]] = r;
		if (redis_moved(r) || (what->command == NULL && r->type == REDIS_REPLY_ERROR &&
		                       r->len >= 8 && memcmp(r->str, "NOSCRIPT", 8) == 0)) {
			again[pick[i]] = true;
		} else if (what->command == NULL && r->type == REDIS_REPLY_ERROR && rc == TSR_OK) {
			rc = tsr__redis_reply_error(&rs->client, r, redis_script_names[what->script],
			                            &rs->base.error);
		}
	}

cleanup:
	for (i = 0; got != NULL && i < m; i++) {
		REDIS_FREE(got[i]);
	}
	free(got);
	free(cmds);
	free(lens);
	free(argv);
	return rc;
}

/*
 * Runs each of the 'n' 'calls' as 'what' says, on the nodes that serve
 * them: one pipeline per node; what a node did not run goes again alone,
 * routed and redirected (tsr__redis_eval for a script, loading it if need
 * be; tsr__redis_call for a command). Fills 'replies' as
 * tsr__redis_eval_batch says. Returns TSR_OK, the first failure, or for a
 * script the code of the first error reply.
 */
static int redis_batch(redis_store *rs, const redis_batch_what *what, size_t n,
                       const redis_call *calls, redisReply **replies)
{
	size_t *node = malloc(n * sizeof(*node));
	size_t *pick = malloc(n * sizeof(*pick));
	bool *sent = calloc(n, sizeof(*sent));
	bool *again = calloc(n, sizeof(*again));
	size_t i, j, m;
	int rc = TSR_OK;

	for (i = 0; i < n; i++) {
		replies[i] = NULL;
	}
	if (n == 0) {
		goto cleanup;
	}
	if (node == NULL || pick == NULL || sent == NULL || again == NULL) {
		rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
		goto cleanup;
	}
	for (i = 0; rc == TSR_OK && i < n; i++) {
		rc = tsr__redis_node_of(&rs->client, calls[i].keys[0], calls[i].key_lens[0], &node[i],
		                        &rs->base.error);
	}
	/* One pipeline per node, in the order the nodes first appear. */
	for (i = 0; rc == TSR_OK && i < n; i++) {
		if (sent[i]) {
			continue;
		}
		for (j = i, m = 0; j < n; j++) {
			if (!sent[j] && node[j] == node[i]) {
				sent[j] = true;
				pick[m++] = j;
			}
		}
		rc = redis_batch_on(rs, node[i], what, calls, pick, m, replies, again);
	}
	for (i = 0; rc == TSR_OK && i < n; i++) {
		const char *argv[REDIS_BATCH_ARGV];
		size_t lens[REDIS_BATCH_ARGV];
		int argc;

		if (!again[i]) {
			continue;
		}
		REDIS_FREE(replies[i]);
		if (what->command == NULL) {
			rc = tsr__redis_eval(rs, what->script, calls[i].nkeys, calls[i].keys, calls[i].key_lens,
			                     calls[i].nargs, calls[i].args, calls[i].arg_lens, &replies[i]);
			continue;
		}
		argc = redis_batch_argv(rs, what, &calls[i], argv, lens);
		rc = tsr__redis_call(&rs->client, calls[i].keys[0], calls[i].key_lens[0], argc, argv, lens,
		                     0, &replies[i], &rs->base.error);
	}

cleanup:
	free(again);
	free(sent);
	free(pick);
	free(node);
	return rc;
}

/* Runs 'script' for each of 'calls' on the nodes that serve them: see redis_internal.h. */
int tsr__redis_eval_batch(redis_store *rs, enum redis_script script, size_t n,
                          const redis_call *calls, redisReply **replies)
{
	redis_batch_what what = {script, NULL};

	return redis_batch(rs, &what, n, calls, replies);
}

/* Sends 'command' for each of 'calls' to the nodes that serve them: see redis_internal.h. */
int tsr__redis_command_batch(redis_store *rs, const char *command, size_t n,
                             const redis_call *calls, redisReply **replies)
{
	redis_batch_what what = {RS_COUNT, command};

	return redis_batch(rs, &what, n, calls, replies);
}

/*
 * Runs 'script' for each of the 'n' sessions 'hexes' on node 'node' in one
 * pipeline (no redirection: the caller skips what the node did not run),
 * with keys rec (+ lock when 'with_lock') and the argument 'arg' (NULL:
 * none). Fills 'replies' (room for 'n'). Returns TSR_OK or the failure.
 */
static int redis_batch_eval(redis_store *rs, size_t node, enum redis_script script,
                            const char **hexes, size_t n, bool with_lock, const char *arg,
                            redisReply **replies)
{
	redis_keys *k = malloc(n * sizeof(*k));
	redis_call *calls = calloc(n, sizeof(*calls));
	size_t *pick = malloc(n * sizeof(*pick));
	bool *again = calloc(n, sizeof(*again));
	redis_batch_what what = {script, NULL};
	size_t i;
	int rc;

	if (k == NULL || calls == NULL || pick == NULL || again == NULL) {
		rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		tsr__redis_keys_make(rs, hexes[i], &k[i]);
		calls[i] = (redis_call){with_lock ? 2 : 1,           arg != NULL ? 1 : 0,
		                        {k[i].rec, k[i].lock, NULL}, {k[i].rec_len, k[i].lock_len, 0},
		                        {arg, NULL, NULL},           {arg != NULL ? strlen(arg) : 0, 0, 0}};
		pick[i] = i;
	}
	rc = redis_batch_on(rs, node, &what, calls, pick, n, replies, again);

cleanup:
	free(again);
	free(pick);
	free(calls);
	free(k);
	return rc;
}

/* What gc carries through its batches. */
typedef struct redis_gc_state {
	int64_t now_ms;
	char now[24];
	uint64_t deleted;
} redis_gc_state;

/*
 * Keeps in 'hexes' (moving them to the front) the sessions of the 'n'
 * that are due for gc: a deadline (PEXPIRETIME, one pipeline per node for
 * the batch: tsr__redis_command_batch) between 0 and 'now_ms', or an
 * answer other than a number (a server without PEXPIRETIME): the GC
 * script decides those. A session whose deadline is later, that has none,
 * or that is gone needs no script: that is nearly every session, since
 * Redis drops a record at its deadline by itself. Returns TSR_OK with the
 * count kept in '*due', or the batch's failure.
 */
static int redis_gc_due(redis_store *rs, const char **hexes, size_t n, int64_t now_ms, size_t *due)
{
	redis_keys *k = malloc(n * sizeof(*k));
	redis_call *calls = calloc(n, sizeof(*calls));
	redisReply **got = calloc(n, sizeof(*got));
	size_t i, kept = 0;
	int rc;

	if (k == NULL || calls == NULL || got == NULL) {
		rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		tsr__redis_keys_make(rs, hexes[i], &k[i]);
		calls[i] = (redis_call){1, 0, {k[i].rec, NULL, NULL}, {k[i].rec_len, 0, 0}, {NULL}, {0}};
	}
	rc = tsr__redis_command_batch(rs, "PEXPIRETIME", n, calls, got);
	for (i = 0; rc == TSR_OK && i < n; i++) {
		const redisReply *r = got[i];

		if (r->type != REDIS_REPLY_INTEGER || (r->integer >= 0 && r->integer <= now_ms)) {
			hexes[kept++] = hexes[i];
		}
	}

cleanup:
	for (i = 0; got != NULL && i < n; i++) {
		REDIS_FREE(got[i]);
	}
	free(got);
	free(calls);
	free(k);
	*due = kept;
	return rc;
}

/*
 * gc's batch step: GC each session that is due (redis_gc_due; deleted only
 * when unlocked and its deadline is <= now), counting deletions. A key
 * whose slot is migrating is left for the next gc.
 */
static int redis_gc_batch(redis_store *rs, size_t node, const char **hexes, size_t n, void *arg,
                          bool *stop)
{
	redis_gc_state *gc = arg;
	redisReply **replies;
	size_t i;
	int rc;

	(void) stop;
	rc = redis_gc_due(rs, hexes, n, gc->now_ms, &n);
	if (rc != TSR_OK || n == 0) {
		return rc;
	}
	replies = calloc(n, sizeof(*replies));
	if (replies == NULL) {
		return tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
	}
	rc = redis_batch_eval(rs, node, RS_GC, hexes, n, true, gc->now, replies);
	for (i = 0; rc == TSR_OK && i < n; i++) {
		const redisReply *r = replies[i];

		if (r->type == REDIS_REPLY_INTEGER) {
			gc->deleted += r->integer == 1 ? 1u : 0u;
		} else if (!redis_moved(r)) {
			rc = r->type == REDIS_REPLY_ERROR
			         ? tsr__redis_reply_error(&rs->client, r, "gc", &rs->base.error)
			         : tsr__redis_bad_reply(rs, RS_GC);
		}
	}
	for (i = 0; i < n; i++) {
		REDIS_FREE(replies[i]);
	}
	free(replies);
	return rc;
}

/*
 * Deletes the sessions whose deadline is <= 'now' and that nobody has
 * locked, on every master: see tsr_store_gc in store.h. Redis normally has
 * expired them already (PEXPIREAT), so this usually deletes none. Then
 * prunes the user sets of the sessions gone (tsr__redis_gc_users).
 */
static int redis_gc(tsr_store *st, int64_t now, uint64_t *deleted)
{
	redis_store *rs = redis_of(st);
	redis_gc_state gc;
	int rc;

	gc.now_ms = now;
	snprintf(gc.now, sizeof(gc.now), "%lld", (long long) now);
	gc.deleted = 0;
	rc = tsr__redis_scan(rs, false, RS_GC, redis_gc_batch, &gc);
	if (rc == TSR_OK) {
		rc = tsr__redis_gc_users(rs);
	}
	*deleted = gc.deleted;
	redis_idle(rs);
	return rc;
}

/* What list carries through its batches. */
typedef struct redis_list_state {
	tsr_store_visit_fn visit;
	void *arg;
} redis_list_state;

/* list's batch step: READ each session and visit those that still exist. */
static int redis_list_batch(redis_store *rs, size_t node, const char **hexes, size_t n, void *arg,
                            bool *stop)
{
	redis_list_state *ls = arg;
	redisReply **replies = calloc(n, sizeof(*replies));
	size_t i;
	int rc;

	if (replies == NULL) {
		return tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
	}
	rc = redis_batch_eval(rs, node, RS_READ, hexes, n, false, NULL, replies);
	for (i = 0; rc == TSR_OK && i < n && !*stop; i++) {
		const redisReply *r = replies[i];
		const redisReply *v, *t;
		tsr_key key;

		if (redis_moved(r)) {
			continue;
		}
		if (r->type == REDIS_REPLY_ERROR) {
			rc = tsr__redis_reply_error(&rs->client, r, "list", &rs->base.error);
			break;
		}
		if (r->type != REDIS_REPLY_ARRAY || r->elements < 1 ||
		    r->element[0]->type != REDIS_REPLY_INTEGER) {
			rc = tsr__redis_bad_reply(rs, RS_READ);
			break;
		}
		if (r->element[0]->integer == 0) {
			continue; /* gone since the SCAN */
		}
		if (r->elements != 3 || r->element[1]->type != REDIS_REPLY_STRING ||
		    r->element[2]->type != REDIS_REPLY_INTEGER) {
			rc = tsr__redis_bad_reply(rs, RS_READ);
			break;
		}
		v = r->element[1];
		t = r->element[2];
		if (tsr_key_from_hex(hexes[i], TSR_KEY_HEX_LEN, &key) != TSR_OK) {
			continue;
		}
		if (ls->visit(ls->arg, &key, (const uint8_t *) v->str, v->len,
		              t->integer >= 0 ? (int64_t) t->integer : 0) != 0) {
			*stop = true;
		}
	}
	for (i = 0; i < n; i++) {
		REDIS_FREE(replies[i]);
	}
	free(replies);
	return rc;
}

/*
 * Visits every stored session, on every master, or with 'user_id' those
 * of that user, through the user's set (tsr__redis_list_user): see
 * tsr_store_list in store.h.
 */
static int redis_list(tsr_store *st, const char *user_id, tsr_store_visit_fn visit, void *arg)
{
	redis_store *rs = redis_of(st);
	redis_list_state ls = {visit, arg};
	int rc;

	if (user_id != NULL) {
		rc = tsr__redis_list_user(rs, user_id, visit, arg);
	} else {
		rc = tsr__redis_scan(rs, false, RS_READ, redis_list_batch, &ls);
	}
	redis_idle(rs);
	return rc;
}

/* Frees 'rs' and everything it owns. */
static void redis_free(redis_store *rs)
{
	if (rs == NULL) {
		return;
	}
	tsr__redis_client_free(&rs->client);
	free(rs);
}

/* Closes 'st': its connections and memory. Locks must have been released. */
static void redis_close(tsr_store *st)
{
	redis_free(redis_of(st));
}

/*
 * Parses a timeout in seconds ("2", "0.25"; digits, at most one '.', at
 * most 3 decimals counted) into '*ms' (>= 1). Returns false when malformed,
 * zero or longer than REDIS_MAX_TIMEOUT_S.
 */
static bool redis_parse_seconds(const char *s, int *ms)
{
	long whole = 0, frac = 0;
	int decimals = 0;
	const char *p = s;

	if (*p < '0' || *p > '9') {
		return false;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > REDIS_MAX_TIMEOUT_S) {
			return false;
		}
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9') {
			return false;
		}
		for (; *p >= '0' && *p <= '9'; p++) {
			if (decimals < 3) {
				frac = frac * 10 + (*p - '0');
				decimals++;
			} else if (*p != '0' && frac == 0 && whole == 0) {
				frac = 1; /* "0.0001": above zero, rounds up to 1 ms */
				decimals = 3;
			}
		}
	}
	if (*p != '\0') {
		return false;
	}
	while (decimals < 3) {
		frac *= 10;
		decimals++;
	}
	if (whole == 0 && frac == 0) {
		return false;
	}
	if (whole * 1000 + frac > (long) REDIS_MAX_TIMEOUT_S * 1000) {
		return false;
	}
	*ms = (int) (whole * 1000 + frac);
	return true;
}

/* True when 's' is a valid key prefix: at most 64 of A-Z a-z 0-9 : _ . - */
static bool redis_prefix_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n > REDIS_MAX_PREFIX) {
		return false;
	}
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == ':' || ch == '_' || ch == '.' || ch == '-')) {
			return false;
		}
	}
	return true;
}

/*
 * Checks the DSN's options and servers and fills 'rs' and 'cc' from them.
 * Returns TSR_OK or TSR_EBADDSN naming the bad part (never a value).
 */
static int redis_configure(redis_store *rs, const tsr_dsn *dsn, tsr_redis_client_config *cc,
                           tsr_error *e)
{
	const char *scheme = tsr_dsn_scheme_name(dsn->scheme);
	size_t i;

	memset(cc, 0, sizeof(*cc));
	snprintf(rs->prefix, sizeof(rs->prefix), "%s", REDIS_DEFAULT_PREFIX);
	rs->persistent = true;
	cc->connect_timeout_ms = REDIS_DEFAULT_CONNECT_MS;
	cc->read_timeout_ms = REDIS_DEFAULT_READ_MS;
	for (i = 0; i < dsn->n_options; i++) {
		const char *name = dsn->options[i].name, *value = dsn->options[i].value;

		if (strcmp(name, "prefix") == 0) {
			if (!redis_prefix_ok(value)) {
				return tsr_error_set(e, TSR_EBADDSN,
				                     "%s DSN option 'prefix' may hold only A-Z a-z 0-9 : _ . - "
				                     "(at most %u)",
				                     scheme, REDIS_MAX_PREFIX);
			}
			snprintf(rs->prefix, sizeof(rs->prefix), "%s", value);
		} else if (strcmp(name, "connect_timeout") == 0 || strcmp(name, "read_timeout") == 0) {
			int *ms = name[0] == 'c' ? &cc->connect_timeout_ms : &cc->read_timeout_ms;

			if (!redis_parse_seconds(value, ms)) {
				return tsr_error_set(e, TSR_EBADDSN,
				                     "%s DSN option '%s' must be seconds > 0 (at most %d, "
				                     "decimals allowed)",
				                     scheme, name, REDIS_MAX_TIMEOUT_S);
			}
		} else if (strcmp(name, "persistent") == 0) {
			if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0) {
				return tsr_error_set(e, TSR_EBADDSN, "%s DSN option 'persistent' must be 0 or 1",
				                     scheme);
			}
			rs->persistent = value[0] == '1';
		} else if (strcmp(name, "db") != 0) { /* db: already parsed into dsn->db */
			return tsr_error_set(e, TSR_EBADDSN, "%s DSN: unknown option '%.32s'", scheme, name);
		}
	}
	rs->prefix_len = strlen(rs->prefix);

	switch (dsn->scheme) {
	case TSR_DSN_REDIS:
		if (dsn->n_hosts != 1) {
			return tsr_error_set(e, TSR_EBADDSN, "redis DSN needs exactly one host");
		}
		break;
	case TSR_DSN_REDIS_UNIX:
		if (dsn->path == NULL || dsn->path[0] != '/' || dsn->n_hosts != 0) {
			return tsr_error_set(e, TSR_EBADDSN, "redis+unix DSN needs an absolute socket path");
		}
		cc->unix_path = dsn->path;
		break;
	case TSR_DSN_REDIS_CLUSTER:
		if (dsn->n_hosts == 0) {
			return tsr_error_set(e, TSR_EBADDSN, "redis+cluster DSN needs seed nodes");
		}
		if (dsn->db != 0) {
			return tsr_error_set(e, TSR_EBADDSN, "redis+cluster supports only database 0");
		}
		cc->cluster = true;
		break;
	default:
		return tsr_error_set(e, TSR_EBADDSN, "redis store cannot open a %s DSN", scheme);
	}
	if (dsn->user != NULL && dsn->password == NULL) {
		return tsr_error_set(e, TSR_EBADDSN, "%s DSN: a user needs a password", scheme);
	}
	cc->user = dsn->user;
	cc->password = dsn->password;
	if (cc->password != NULL && cc->password[0] == '\0' && cc->user == NULL) {
		cc->password = NULL; /* "redis://:@host": no AUTH */
	}
	cc->db = dsn->db;
	if (cc->db < 0) {
		return tsr_error_set(e, TSR_EBADDSN, "%s DSN: negative database", scheme);
	}
	return TSR_OK;
}

/* Computes the SHA-1 (the name EVALSHA knows a script by) of every script into 'rs->sha'. */
static int redis_digest_scripts(redis_store *rs, tsr_error *e)
{
	size_t i;

	for (i = 0; i < RS_COUNT; i++) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int mdlen = 0;

		if (EVP_Digest(redis_scripts[i], strlen(redis_scripts[i]), md, &mdlen, EVP_sha1(), NULL) !=
		        1 ||
		    mdlen != 20) {
			return tsr_error_set(e, TSR_ECRYPTO, "redis: SHA-1 of a script failed");
		}
		tsr__redis_hex(md, 20, rs->sha[i]);
	}
	return TSR_OK;
}

/*
 * Opens a redis store for 'dsn' (redis, redis+unix or redis+cluster) with
 * 'config' (NULL: defaults; lock_ttl_ms 0 means the default) into '*out',
 * owned by the caller and freed with tsr_store_close. Connects at once (a
 * cluster: loads its slot map). Returns TSR_OK, TSR_EBADDSN (an option,
 * named), TSR_EUNREACHABLE ("redis 127.0.0.1:6390: Connection refused",
 * AUTH or SELECT refused), TSR_EIO, TSR_ECRYPTO or TSR_ENOMEM with detail
 * in 'e'.
 */
static int redis_open(const tsr_dsn *dsn, const tsr_store_config *config, tsr_store **out,
                      tsr_error *e)
{
	tsr_redis_client_config cc;
	const char *hosts[TSR_DSN_MAX_HOSTS];
	int ports[TSR_DSN_MAX_HOSTS];
	redis_store *rs;
	size_t i;
	int rc;

	*out = NULL;
	rs = calloc(1, sizeof(*rs));
	if (rs == NULL) {
		return tsr_error_set(e, TSR_ENOMEM, "redis: out of memory");
	}
	rc = redis_configure(rs, dsn, &cc, e);
	if (rc != TSR_OK) {
		free(rs);
		return rc;
	}
	for (i = 0; i < dsn->n_hosts && i < TSR_DSN_MAX_HOSTS; i++) {
		hosts[i] = dsn->hosts[i].host;
		ports[i] = dsn->hosts[i].port != 0 ? dsn->hosts[i].port : REDIS_DEFAULT_PORT;
	}
	cc.hosts = hosts;
	cc.ports = ports;
	cc.n_hosts = cc.unix_path != NULL ? 0 : dsn->n_hosts;
	rs->base.ops = &tsr_store_redis;
	rs->base.config.lock_wait_ms = TSR_STORE_DEFAULT_LOCK_WAIT_MS;
	rs->base.config.lock_ttl_ms = TSR_STORE_DEFAULT_LOCK_TTL_MS;
	if (config != NULL) {
		rs->base.config = *config;
	}
	if (rs->base.config.lock_wait_ms < 0) {
		rs->base.config.lock_wait_ms = 0;
	}
	rc = redis_digest_scripts(rs, e);
	if (rc != TSR_OK) {
		free(rs);
		return rc;
	}
	rc = tsr__redis_client_init(&rs->client, &cc, e);
	if (rc != TSR_OK) {
		free(rs);
		return rc;
	}
	rc = tsr__redis_client_connect(&rs->client, e);
	if (rc != TSR_OK) {
		redis_free(rs);
		return rc;
	}
	redis_idle(rs);
	*out = &rs->base;
	return TSR_OK;
}

/* Copies the counters of the redis store 'st': see redis_client.h. */
int tsr__redis_store_stats(const tsr_store *st, tsr_redis_stats *out)
{
	if (st == NULL || out == NULL || st->ops != &tsr_store_redis) {
		return TSR_EINVAL;
	}
	*out = ((const redis_store *) st)->client.stats;
	return TSR_OK;
}

/*
 * The redis driver: redis://, redis+unix:// and redis+cluster:// DSNs.
 * See the notes at the top of this file and store.h for each op's contract.
 */
const tsr_store_ops tsr_store_redis = {
    .name = "redis",
    .open = redis_open,
    .close = redis_close,
    .acquire = redis_acquire,
    .write = redis_write,
    .touch = redis_touch,
    .destroy = redis_destroy,
    .release = redis_release,
    .gc = redis_gc,
    .list = redis_list,
};
