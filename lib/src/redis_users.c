/*
 * The redis store's per-user index: one set per user holding the storage
 * keys of that user's sessions, so that listing one user's sessions
 * (tsr_store_list with a user: Store::sessionsOf, revokeUser, `tessera ls
 * --user`, `revoke-user`) reads that set and the records it names, never
 * the whole store.
 *
 * KEY. <prefix>u:{<uh>}, uh = hex SHA-256 of the user id (the bytes right
 * after a v1 record's fixed header, see record.h; no user id is ever part
 * of a key name). Members: the 64-hex storage keys <hex> of the sessions.
 * On a cluster the set lives in the slot of {<uh>}, in general not that of
 * its sessions, so no script can change a set and a record together.
 *
 * INVARIANT. A stored record that names user U has its <hex> in U's set,
 * and that set expires no earlier than tsr__redis_user_expiry(the record's
 * deadline): more than one REDIS_USER_STEP_MS (an hour) after it, which
 * also covers the clock skew between two nodes of a cluster. The steps
 * that keep it, in this order:
 *   - redis_write and redis_touch (store_redis.c) run USER_ADD (SADD, and
 *     the set's expiry pushed forward, never back) BEFORE the script that
 *     writes the record or moves its deadline; on one server WRITE is
 *     given the set and does that itself, first, in the same script (so a
 *     login costs no round trip more). That script checks, against
 *     the record stored at that moment, whether USER_ADD could be skipped:
 *     only when the stored record names the same user and the new deadline
 *     stays in the same or an earlier expiry step. Otherwise it changes
 *     nothing and answers {-3, user}, unless the caller has just added the
 *     session to that very user; the caller adds it and runs the script
 *     again. So whatever the lock handle guessed, the invariant holds; the
 *     guess only saves that retry.
 *   - a write that replaces a record naming another user, and a destroy of
 *     a record that named one, remove the session from that old user's set
 *     AFTER the script (SREM), while still holding the session's lock: the
 *     script keeps the lock it was asked to release, RELEASE follows.
 * A member can outlive its record's claim: a crash between two steps, a
 * failed SREM, and above all Redis expiring a record on its own deadline
 * (the set lives on until its own expiry, up to two steps later). Such
 * stale members are skipped and pruned by listing (tsr__redis_list_user)
 * and by gc (tsr__redis_gc_users), which must never remove a member that
 * a writer has just added for the record it is about to write. A writer
 * holds the session's lock from before its USER_ADD until after its write,
 * so a member is removed only while nobody holds that lock and while the
 * record still names what the pruner saw (no user, no record, another
 * user):
 *   one server  USER_PRUNE checks both and SREMs, in one script;
 *   cluster     USER_CLAIM takes the session's lock if the record still
 *               names what was seen; then SREM on the set's node; then
 *               RELEASE (3 round trips per batch of stale members).
 * Gap: a TSR_LOCK_NONE writer holds no lock. A pruner that saw its session
 * stale in U's set just before that writer bound the session to U again
 * can remove the member the writer has just added; it comes back with the
 * session's next USER_ADD (a user change or a deadline in a later step:
 * within the hour for a session in use). Likewise a record stored before
 * this index existed joins its user's set only at such a USER_ADD.
 *
 * HOT PATH. A write or touch that keeps the session's user and keeps its
 * deadline within its expiry step costs exactly the one round trip (WRITE
 * or TOUCH) it cost without the index: the lock handle knows the stored
 * user and deadline from the acquire that read the record (no extra read),
 * so it sends no USER_ADD, and the script's own check (GETRANGE of the
 * record's first 334 bytes, PEXPIRETIME) runs inside that same trip.
 * USER_ADD is added (on a cluster; on one server WRITE does it within its
 * trip) when a session gets a new user (login, rebinding, a new session
 * of a known user) and when its deadline crosses into the next step (once
 * an hour for a session in use); SREM + RELEASE when it loses one
 * (logout, rebinding, destroy).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redis_internal.h"

/* Sessions read per pipeline when listing a user or pruning a set. */
#define REDIS_USER_BATCH 256u
/* Members asked for per SSCAN call. */
#define REDIS_SSCAN_COUNT "500"

/* The name of one user's set and the hex of the user's hash. */
typedef struct redis_user_key {
	char name[REDIS_KEY_SIZE];
	size_t len;
	char uh[TSR_KEY_HEX_LEN + 1];
} redis_user_key;

/* One session member, as a NUL-terminated 64-hex string. */
typedef struct redis_member {
	char hex[TSR_KEY_HEX_LEN + 1];
} redis_member;

/* Returns the expiry step of 't' (ms): floor(t / REDIS_USER_STEP_MS), also for negative 't'. */
static int64_t redis_step(int64_t t)
{
	int64_t q = t / REDIS_USER_STEP_MS;

	return t % REDIS_USER_STEP_MS < 0 ? q - 1 : q;
}

/* Returns the expiry a user set needs for a member expiring at 'deadline': see redis_internal.h. */
int64_t tsr__redis_user_expiry(int64_t deadline)
{
	int64_t q = redis_step(deadline);

	if (q > INT64_MAX / REDIS_USER_STEP_MS - 2) {
		return INT64_MAX / REDIS_USER_STEP_MS * REDIS_USER_STEP_MS;
	}
	return (q + 2) * REDIS_USER_STEP_MS;
}

/* Tells whether 'b' lies in a later expiry step than 'a': see redis_internal.h. */
bool tsr__redis_user_step_after(int64_t b, int64_t a)
{
	return redis_step(b) > redis_step(a);
}

/* Fills 'u' with the set of the user whose hash is the 64 hex digits 'uh'. */
static void redis_user_key_of_hash(const redis_store *rs, const char *uh, redis_user_key *u)
{
	memcpy(u->uh, uh, TSR_KEY_HEX_LEN);
	u->uh[TSR_KEY_HEX_LEN] = '\0';
	u->len = (size_t) snprintf(u->name, sizeof(u->name), "%su:{%.*s}", rs->prefix,
	                           (int) TSR_KEY_HEX_LEN, uh);
}

/* Fills 'u' with the set of user 'uid' ('ulen' bytes). Returns TSR_OK or TSR_ECRYPTO. */
static int redis_user_key_of(redis_store *rs, const uint8_t *uid, size_t ulen, redis_user_key *u)
{
	tsr_key hash;
	int rc;

	rc = tsr_key_from_sid((const char *) uid, ulen, &hash, &rs->base.error);
	if (rc != TSR_OK) {
		return rc;
	}
	redis_user_key_of_hash(rs, hash.hex, u);
	return TSR_OK;
}

/* Names the set of user 'uid' and the expiry it needs for 'deadline': see redis_internal.h. */
int tsr__redis_join_make(redis_store *rs, const uint8_t *uid, size_t ulen, int64_t deadline,
                         redis_join *j)
{
	redis_user_key u;
	int rc;

	rc = redis_user_key_of(rs, uid, ulen, &u);
	if (rc != TSR_OK) {
		return rc;
	}
	_Static_assert(sizeof(j->set) == sizeof(u.name), "a user set's name fits a join");
	memcpy(j->set, u.name, u.len + 1);
	j->set_len = u.len;
	snprintf(j->expiry, sizeof(j->expiry), "%lld", (long long) tsr__redis_user_expiry(deadline));
	return TSR_OK;
}

/* Adds session 'hex' to the set of user 'uid' (USER_ADD): see redis_internal.h. */
int tsr__redis_user_add(redis_store *rs, const uint8_t *uid, size_t ulen, const char *hex,
                        int64_t deadline)
{
	redis_join j;
	const char *keys[1];
	size_t key_lens[1];
	const char *args[2];
	size_t arg_lens[2];
	redisReply *r = NULL;
	int rc;

	rc = tsr__redis_join_make(rs, uid, ulen, deadline, &j);
	if (rc != TSR_OK) {
		return rc;
	}
	keys[0] = j.set;
	key_lens[0] = j.set_len;
	args[0] = hex;
	arg_lens[0] = TSR_KEY_HEX_LEN;
	args[1] = j.expiry;
	arg_lens[1] = strlen(j.expiry);
	rc = tsr__redis_eval(rs, RS_USER_ADD, 1, keys, key_lens, 2, args, arg_lens, &r);
	if (rc == TSR_OK && r->type != REDIS_REPLY_INTEGER) {
		rc = tsr__redis_bad_reply(rs, RS_USER_ADD);
	}
	if (rc == TSR_OK) {
		rs->client.stats.index_writes++;
	}
	REDIS_FREE(r);
	return rc;
}

/*
 * Sends SREM for the 'n' members 'hexes' (64 hex digits each) of set 'u'.
 * Returns TSR_OK or the failure.
 */
static int redis_srem(redis_store *rs, const redis_user_key *u, size_t n, const char *const *hexes)
{
	const char **argv = malloc((n + 2) * sizeof(*argv));
	size_t *lens = malloc((n + 2) * sizeof(*lens));
	redisReply *r = NULL;
	size_t i;
	int rc;

	if (argv == NULL || lens == NULL) {
		rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
		goto cleanup;
	}
	argv[0] = "SREM";
	lens[0] = 4;
	argv[1] = u->name;
	lens[1] = u->len;
	for (i = 0; i < n; i++) {
		argv[i + 2] = hexes[i];
		lens[i + 2] = TSR_KEY_HEX_LEN;
	}
	rc = tsr__redis_call(&rs->client, u->name, u->len, (int) (n + 2), argv, lens, 0, &r,
	                     &rs->base.error);
	if (rc == TSR_OK && r->type == REDIS_REPLY_ERROR) {
		rc = tsr__redis_reply_error(&rs->client, r, "SREM", &rs->base.error);
	} else if (rc == TSR_OK && r->type != REDIS_REPLY_INTEGER) {
		rc = tsr_error_set(&rs->base.error, TSR_EIO, "redis: SREM: unexpected reply");
	} else if (rc == TSR_OK) {
		rs->client.stats.index_writes++;
	}
	REDIS_FREE(r);

cleanup:
	free(lens);
	free(argv);
	return rc;
}

/* Removes session 'hex' from the set of user 'uid' (SREM): see redis_internal.h. */
int tsr__redis_user_remove(redis_store *rs, const uint8_t *uid, size_t ulen, const char *hex)
{
	redis_user_key u;
	int rc;

	rc = redis_user_key_of(rs, uid, ulen, &u);
	if (rc != TSR_OK) {
		return rc;
	}
	return redis_srem(rs, &u, 1, &hex);
}

/*
 * Prunes from set 'u' the 'n' sessions 'hexes' whose record the caller saw
 * name 'seen[i]' ('seen_lens[i]' bytes; 0: no user or no record), which is
 * not the set's user. A member goes only while nobody holds its session's
 * lock and its record still names what was seen (see the notes at the top:
 * USER_PRUNE on one server, USER_CLAIM + SREM + RELEASE on a cluster).
 * Returns TSR_OK or the first failure; what could not be checked stays.
 */
static int redis_prune(redis_store *rs, const redis_user_key *u, size_t n, const char **hexes,
                       const char **seen, const size_t *seen_lens)
{
	redis_keys *k = calloc(n, sizeof(*k));
	redis_call *calls = calloc(n, sizeof(*calls));
	redisReply **replies = calloc(n, sizeof(*replies));
	const char **claimed = calloc(n, sizeof(*claimed));
	char token[2 * REDIS_TOKEN_BYTES + 1], ttl[24];
	size_t i, n_claimed = 0;
	int rc, rc2;

	if (n == 0) {
		rc = TSR_OK;
		goto cleanup;
	}
	if (k == NULL || calls == NULL || replies == NULL || claimed == NULL) {
		rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		tsr__redis_keys_make(rs, hexes[i], &k[i]);
	}
	if (!rs->client.cluster) {
		for (i = 0; i < n; i++) {
			calls[i] = (redis_call){3,
			                        2,
			                        {u->name, k[i].rec, k[i].lock},
			                        {u->len, k[i].rec_len, k[i].lock_len},
			                        {hexes[i], seen[i], NULL},
			                        {TSR_KEY_HEX_LEN, seen_lens[i], 0}};
		}
		rc = tsr__redis_eval_batch(rs, RS_USER_PRUNE, n, calls, replies);
		for (i = 0; rc == TSR_OK && i < n; i++) {
			if (replies[i]->type != REDIS_REPLY_INTEGER) {
				rc = tsr__redis_bad_reply(rs, RS_USER_PRUNE);
			} else if (replies[i]->integer == 1) {
				rs->client.stats.index_writes++;
			}
		}
		goto cleanup;
	}

	rc = tsr__redis_token(token, &rs->base.error);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	snprintf(ttl, sizeof(ttl), "%d", tsr__redis_lock_ttl_ms(rs));
	for (i = 0; i < n; i++) {
		calls[i] = (redis_call){2,
		                        3,
		                        {k[i].rec, k[i].lock, NULL},
		                        {k[i].rec_len, k[i].lock_len, 0},
		                        {token, ttl, seen[i]},
		                        {strlen(token), strlen(ttl), seen_lens[i]}};
	}
	rc = tsr__redis_eval_batch(rs, RS_USER_CLAIM, n, calls, replies);
	for (i = 0; i < n; i++) {
		if (replies[i] != NULL && replies[i]->type == REDIS_REPLY_INTEGER &&
		    replies[i]->integer == 1) {
			/* calls[0 .. i] have run: reuse them for the RELEASE of what was claimed */
			claimed[n_claimed] = hexes[i];
			calls[n_claimed++] = (redis_call){3,
			                                  1,
			                                  {k[i].lock, k[i].wake, k[i].waiters},
			                                  {k[i].lock_len, k[i].wake_len, k[i].waiters_len},
			                                  {token, NULL, NULL},
			                                  {strlen(token), 0, 0}};
		} else if (rc == TSR_OK &&
		           (replies[i] == NULL || replies[i]->type != REDIS_REPLY_INTEGER)) {
			rc = tsr__redis_bad_reply(rs, RS_USER_CLAIM);
		}
		REDIS_FREE(replies[i]);
	}
	if (n_claimed == 0) {
		goto cleanup;
	}
	if (rc == TSR_OK) {
		rc = redis_srem(rs, u, n_claimed, claimed);
	}
	/* Whatever happened, give the claimed locks back (else they lapse after their ttl). */
	rc2 = tsr__redis_eval_batch(rs, RS_RELEASE, n_claimed, calls, replies);
	if (rc == TSR_OK) {
		rc = rc2;
	}

cleanup:
	for (i = 0; replies != NULL && i < n; i++) {
		REDIS_FREE(replies[i]);
	}
	free(claimed);
	free(replies);
	free(calls);
	free(k);
	return rc;
}

/*
 * Checks that 'r' is an SSCAN reply (cursor, members); on TSR_OK copies
 * its cursor into 'cursor'. Returns TSR_OK, the error reply's code or
 * TSR_EIO.
 */
static int redis_sscan_reply(redis_store *rs, const redisReply *r, char cursor[32])
{
	if (r->type == REDIS_REPLY_ERROR) {
		return tsr__redis_reply_error(&rs->client, r, "SSCAN", &rs->base.error);
	}
	if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
	    r->element[0]->type != REDIS_REPLY_STRING || r->element[0]->len == 0 ||
	    r->element[0]->len >= 32 || r->element[1]->type != REDIS_REPLY_ARRAY) {
		return tsr_error_set(&rs->base.error, TSR_EIO, "redis: SSCAN: unexpected reply");
	}
	memcpy(cursor, r->element[0]->str, r->element[0]->len);
	cursor[r->element[0]->len] = '\0';
	return TSR_OK;
}

/*
 * True when 'r' is Redis' WRONGTYPE error: the key SSCAN was given is no
 * set, so it is another program's key under our prefix, not a user set.
 */
static bool redis_not_a_set(const redisReply *r)
{
	return r->type == REDIS_REPLY_ERROR && r->len >= 9 && memcmp(r->str, "WRONGTYPE", 9) == 0;
}

/*
 * Reads one page of set 'u' with SSCAN from 'cursor' (updated in place;
 * "0" when the scan is over) into '*out': on TSR_OK an array reply whose
 * element 1 holds the members, for the caller to free. Returns TSR_OK or
 * the failure.
 */
static int redis_sscan_page(redis_store *rs, const redis_user_key *u, char cursor[32],
                            redisReply **out)
{
	const char *argv[5] = {"SSCAN", u->name, cursor, "COUNT", REDIS_SSCAN_COUNT};
	size_t lens[5] = {5, u->len, strlen(cursor), 5, strlen(REDIS_SSCAN_COUNT)};
	redisReply *r = NULL;
	int rc;

	*out = NULL;
	rc = tsr__redis_call(&rs->client, u->name, u->len, 5, argv, lens, 0, &r, &rs->base.error);
	if (rc != TSR_OK) {
		return rc;
	}
	if (redis_not_a_set(r)) {
		REDIS_FREE(r);
		/* The name up to the hash's first 8 digits ("<prefix>u:{" + 8): errstr holds 128 bytes. */
		return tsr_error_set(&rs->base.error, TSR_EIO,
		                     "redis: user index %.*s...} is not a set: another program's key?",
		                     (int) (rs->prefix_len + 3 + 8), u->name);
	}
	rc = redis_sscan_reply(rs, r, cursor);
	if (rc != TSR_OK) {
		REDIS_FREE(r);
		return rc;
	}
	*out = r;
	return TSR_OK;
}

/* True when the set member 'm' is a storage key in hex (anything else is not ours: skipped). */
static bool redis_member_ok(const redisReply *m)
{
	return m->type == REDIS_REPLY_STRING && m->len == TSR_KEY_HEX_LEN &&
	       tsr__redis_hex_ok(m->str, m->len);
}

/* Orders members by their hex. */
static int redis_member_cmp(const void *a, const void *b)
{
	return memcmp(((const redis_member *) a)->hex, ((const redis_member *) b)->hex,
	              TSR_KEY_HEX_LEN);
}

/*
 * Reads every member of set 'u' into '*out' ('*n' of them, sorted, each
 * once: SSCAN may return a member twice), owned by the caller. Returns
 * TSR_OK or the failure (nothing owned then).
 */
static int redis_members(redis_store *rs, const redis_user_key *u, redis_member **out, size_t *n)
{
	redis_member *list = NULL, *grown;
	size_t count = 0, size = 0, i, j;
	char cursor[32] = "0";
	redisReply *r = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	do {
		const redisReply *page;

		rc = redis_sscan_page(rs, u, cursor, &r);
		if (rc != TSR_OK) {
			goto fail;
		}
		page = r->element[1];
		for (i = 0; i < page->elements; i++) {
			if (!redis_member_ok(page->element[i])) {
				continue;
			}
			if (count == size) {
				size = size > 0 ? 2 * size : 64;
				grown = realloc(list, size * sizeof(*list));
				if (grown == NULL) {
					rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
					goto fail;
				}
				list = grown;
			}
			memcpy(list[count].hex, page->element[i]->str, TSR_KEY_HEX_LEN);
			list[count].hex[TSR_KEY_HEX_LEN] = '\0';
			count++;
		}
		REDIS_FREE(r);
	} while (strcmp(cursor, "0") != 0);
	if (count > 1) {
		qsort(list, count, sizeof(*list), redis_member_cmp);
		for (i = 1, j = 1; i < count; i++) {
			if (memcmp(list[i].hex, list[j - 1].hex, TSR_KEY_HEX_LEN) != 0) {
				list[j++] = list[i];
			}
		}
		count = j;
	}
	*out = list;
	*n = count;
	return TSR_OK;

fail:
	REDIS_FREE(r);
	free(list);
	return rc;
}

/*
 * One batch of a user listing: READs the sessions 'm' ('n' of them),
 * visits those whose record names 'user_id' ('ulen' bytes) and prunes the
 * others from set 'u' (errors of the pruning are not reported). Sets
 * '*stop' when the visitor asks to stop. Returns TSR_OK or the failure.
 */
static int redis_list_user_batch(redis_store *rs, const redis_user_key *u, const char *user_id,
                                 size_t ulen, const redis_member *m, size_t n,
                                 tsr_store_visit_fn visit, void *arg, bool *stop)
{
	redis_keys *k = calloc(n, sizeof(*k));
	redis_call *calls = calloc(n, sizeof(*calls));
	redisReply **replies = calloc(n, sizeof(*replies));
	const char **stale = calloc(n, sizeof(*stale));
	const char **seen = calloc(n, sizeof(*seen));
	size_t *seen_lens = calloc(n, sizeof(*seen_lens));
	size_t i, n_stale = 0;
	int rc;

	if (k == NULL || calls == NULL || replies == NULL || stale == NULL || seen == NULL ||
	    seen_lens == NULL) {
		rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		tsr__redis_keys_make(rs, m[i].hex, &k[i]);
		calls[i] = (redis_call){1, 0, {k[i].rec, NULL, NULL}, {k[i].rec_len, 0, 0}, {NULL}, {0}};
	}
	rc = tsr__redis_eval_batch(rs, RS_READ, n, calls, replies);
	for (i = 0; rc == TSR_OK && i < n && !*stop; i++) {
		const redisReply *r = replies[i];
		const uint8_t *uid = NULL;
		size_t found = 0;
		tsr_key key;

		if (r->type != REDIS_REPLY_ARRAY || r->elements < 1 ||
		    r->element[0]->type != REDIS_REPLY_INTEGER ||
		    (r->element[0]->integer == 0 && r->elements != 1) ||
		    (r->element[0]->integer == 1 &&
		     (r->elements != 3 || r->element[1]->type != REDIS_REPLY_STRING ||
		      r->element[2]->type != REDIS_REPLY_INTEGER))) {
			rc = tsr__redis_bad_reply(rs, RS_READ);
			break;
		}
		if (r->element[0]->integer == 1) {
			tsr_record_user_of((const uint8_t *) r->element[1]->str, r->element[1]->len, &uid,
			                   &found);
		}
		if (found != ulen || memcmp(uid, user_id, ulen) != 0) {
			stale[n_stale] = m[i].hex;
			seen[n_stale] = found > 0 ? (const char *) uid : "";
			seen_lens[n_stale++] = found;
			continue;
		}
		if (tsr_key_from_hex(m[i].hex, TSR_KEY_HEX_LEN, &key) != TSR_OK) {
			continue;
		}
		if (visit(arg, &key, (const uint8_t *) r->element[1]->str, r->element[1]->len,
		          r->element[2]->integer >= 0 ? (int64_t) r->element[2]->integer : 0) != 0) {
			*stop = true;
		}
	}
	if (rc == TSR_OK && n_stale > 0) {
		tsr_error saved = rs->base.error;

		redis_prune(rs, u, n_stale, stale, seen, seen_lens);
		rs->base.error = saved;
	}

cleanup:
	for (i = 0; replies != NULL && i < n; i++) {
		REDIS_FREE(replies[i]);
	}
	free(seen_lens);
	free(seen);
	free(stale);
	free(replies);
	free(calls);
	free(k);
	return rc;
}

/* Visits the sessions of 'user_id' through its set: see redis_internal.h. */
int tsr__redis_list_user(redis_store *rs, const char *user_id, tsr_store_visit_fn visit, void *arg)
{
	size_t ulen = strlen(user_id), n = 0, done;
	redis_member *members = NULL;
	redis_user_key u;
	bool stop = false;
	int rc;

	if (ulen == 0 || ulen > TSR_RECORD_MAX_USER_ID) {
		return TSR_OK; /* no record can name such a user */
	}
	rc = redis_user_key_of(rs, (const uint8_t *) user_id, ulen, &u);
	if (rc == TSR_OK) {
		rc = redis_members(rs, &u, &members, &n);
	}
	for (done = 0; rc == TSR_OK && done < n && !stop; done += REDIS_USER_BATCH) {
		size_t m = n - done < REDIS_USER_BATCH ? n - done : REDIS_USER_BATCH;

		rc = redis_list_user_batch(rs, &u, user_id, ulen, members + done, m, visit, arg, &stop);
	}
	free(members);
	return rc;
}

/*
 * Judges the members of one page of each of the 'n_sets' sets 'u'
 * ('pages[i]' the members of u[i]): reads the first REDIS_USER_PREFIX
 * bytes of each session's record (GETRANGE: a plain command, one pipeline
 * per node for all the pages, no script per member) and prunes from each
 * set the members whose record is gone, is no v1 record or names a user
 * of another hash (redis_prune). Returns TSR_OK or the first failure.
 */
static int redis_gc_pages(redis_store *rs, const redis_user_key *u, const redisReply *const *pages,
                          size_t n_sets)
{
	size_t n = 0, i, s, n_members = 0;
	redis_keys *k = NULL;
	redis_call *calls = NULL;
	redisReply **replies = NULL;
	const char **hexes = NULL, **seen = NULL;
	size_t *seen_lens = NULL, *first = NULL;
	char range_end[16];
	int rc = TSR_OK;

	for (s = 0; s < n_sets; s++) {
		n += pages[s]->elements;
	}
	if (n == 0) {
		return TSR_OK;
	}
	k = calloc(n, sizeof(*k));
	calls = calloc(n, sizeof(*calls));
	replies = calloc(n, sizeof(*replies));
	hexes = calloc(n, sizeof(*hexes));
	seen = calloc(n, sizeof(*seen));
	seen_lens = calloc(n, sizeof(*seen_lens));
	first = calloc(n_sets + 1, sizeof(*first));
	if (k == NULL || calls == NULL || replies == NULL || hexes == NULL || seen == NULL ||
	    seen_lens == NULL || first == NULL) {
		rc = tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
		goto cleanup;
	}
	snprintf(range_end, sizeof(range_end), "%d", REDIS_USER_PREFIX - 1);
	for (s = 0; s < n_sets; s++) {
		first[s] = n_members;
		for (i = 0; i < pages[s]->elements; i++) {
			const redisReply *m = pages[s]->element[i];
			redis_keys *km = &k[n_members];

			if (!redis_member_ok(m)) {
				continue;
			}
			tsr__redis_keys_make(rs, m->str, km);
			calls[n_members] = (redis_call){1,
			                                2,
			                                {km->rec, NULL, NULL},
			                                {km->rec_len, 0, 0},
			                                {"0", range_end, NULL},
			                                {1, strlen(range_end), 0}};
			hexes[n_members++] = m->str;
		}
	}
	first[n_sets] = n_members;
	rc = tsr__redis_command_batch(rs, "GETRANGE", n_members, calls, replies);
	for (s = 0; rc == TSR_OK && s < n_sets; s++) {
		size_t n_stale = first[s];

		for (i = first[s]; rc == TSR_OK && i < first[s + 1]; i++) {
			const redisReply *r = replies[i];
			const uint8_t *uid = NULL;
			size_t ulen = 0;
			tsr_key hash;

			/* an error reply (a key of another type) reads as no user, as USER_PRUNE reads it */
			if (r->type == REDIS_REPLY_STRING) {
				tsr_record_user_of((const uint8_t *) r->str, r->len, &uid, &ulen);
			} else if (r->type != REDIS_REPLY_ERROR) {
				rc = tsr_error_set(&rs->base.error, TSR_EIO, "redis: GETRANGE: unexpected reply");
				break;
			}
			if (ulen > 0 && tsr_key_from_sid((const char *) uid, ulen, &hash, NULL) == TSR_OK &&
			    memcmp(hash.hex, u[s].uh, TSR_KEY_HEX_LEN) == 0) {
				continue; /* live: its record names the set's user */
			}
			hexes[n_stale] = hexes[i];
			seen[n_stale] = (const char *) uid;
			seen_lens[n_stale++] = ulen;
		}
		if (rc == TSR_OK) {
			rc = redis_prune(rs, &u[s], n_stale - first[s], hexes + first[s], seen + first[s],
			                 seen_lens + first[s]);
		}
	}

cleanup:
	for (i = 0; replies != NULL && i < n; i++) {
		REDIS_FREE(replies[i]);
	}
	free(first);
	free(seen_lens);
	free(seen);
	free(hexes);
	free(replies);
	free(calls);
	free(k);
	return rc;
}

/* User sets whose first pages gc reads together (redis_gc_sets_flush). */
#define REDIS_GC_SETS 64u
/*
 * Most members whose records one redis_gc_pages call reads (unless one
 * page alone holds more): bounds gc's memory (about 1 KB per member in
 * flight) whatever the sets' sizes.
 */
#define REDIS_GC_MEMBERS 2048u

/* The user sets gc has found and not yet pruned, gathered over SCAN pages. */
typedef struct redis_gc_sets {
	size_t n;
	redis_user_key u[REDIS_GC_SETS];
} redis_gc_sets;

/*
 * gc of the sets gathered in 'sets', which it empties: the first SSCAN
 * page of every set in one batch, their members judged together, up to
 * REDIS_GC_MEMBERS at a time (redis_gc_pages); the rare set with more
 * pages goes on alone. A key that turns out to be no set is left as it
 * is. Returns TSR_OK or the first failure.
 */
static int redis_gc_sets_flush(redis_store *rs, redis_gc_sets *sets)
{
	redis_call calls[REDIS_GC_SETS] = {{0}};
	redisReply *pages[REDIS_GC_SETS];
	const redisReply *members[REDIS_GC_SETS] = {NULL};
	char cursors[REDIS_GC_SETS][32];
	size_t i, j, n = sets->n, kept = 0;
	int rc;

	sets->n = 0;
	for (i = 0; i < n; i++) {
		calls[i] = (redis_call){1,
		                        3,
		                        {sets->u[i].name, NULL, NULL},
		                        {sets->u[i].len, 0, 0},
		                        {"0", "COUNT", REDIS_SSCAN_COUNT},
		                        {1, 5, strlen(REDIS_SSCAN_COUNT)}};
	}
	rc = tsr__redis_command_batch(rs, "SSCAN", n, calls, pages);
	/* the sets that are sets move to the front: sets->u, members and cursors [0, kept) */
	for (i = 0; rc == TSR_OK && i < n; i++) {
		if (redis_not_a_set(pages[i])) {
			continue;
		}
		rc = redis_sscan_reply(rs, pages[i], cursors[kept]);
		if (rc == TSR_OK) {
			members[kept] = pages[i]->element[1];
			sets->u[kept++] = sets->u[i];
		}
	}
	for (i = 0; rc == TSR_OK && i < kept; i = j) {
		size_t total = members[i]->elements;

		for (j = i + 1; j < kept && total + members[j]->elements <= REDIS_GC_MEMBERS; j++) {
			total += members[j]->elements;
		}
		rc = redis_gc_pages(rs, sets->u + i, members + i, j - i);
	}
	for (i = 0; i < n; i++) {
		REDIS_FREE(pages[i]);
	}
	for (i = 0; rc == TSR_OK && i < kept; i++) {
		while (rc == TSR_OK && strcmp(cursors[i], "0") != 0) {
			redisReply *r = NULL;

			rc = redis_sscan_page(rs, &sets->u[i], cursors[i], &r);
			if (rc == TSR_OK) {
				const redisReply *page = r->element[1];

				rc = redis_gc_pages(rs, &sets->u[i], &page, 1);
			}
			REDIS_FREE(r);
		}
	}
	return rc;
}

/* gc's batch step over user sets: gathers the sets 'uhs' names, pruning every REDIS_GC_SETS. */
static int redis_gc_users_batch(redis_store *rs, size_t node, const char **uhs, size_t n, void *arg,
                                bool *stop)
{
	redis_gc_sets *sets = arg;
	size_t i;
	int rc = TSR_OK;

	(void) node;
	(void) stop;
	for (i = 0; rc == TSR_OK && i < n; i++) {
		redis_user_key_of_hash(rs, uhs[i], &sets->u[sets->n++]);
		if (sets->n == REDIS_GC_SETS) {
			rc = redis_gc_sets_flush(rs, sets);
		}
	}
	return rc;
}

/*
 * Prunes every user set on every master (SCAN "<prefix>u:{*}"): see
 * redis_internal.h. A set emptied this way is gone (Redis deletes empty
 * sets). Returns TSR_OK or the first failure.
 */
int tsr__redis_gc_users(redis_store *rs)
{
	redis_gc_sets *sets = calloc(1, sizeof(*sets));
	int rc;

	if (sets == NULL) {
		return tsr_error_set(&rs->base.error, TSR_ENOMEM, "redis: out of memory");
	}
	rc = tsr__redis_scan(rs, true, RS_USER_PRUNE, redis_gc_users_batch, sets);
	if (rc == TSR_OK && sets->n > 0) {
		rc = redis_gc_sets_flush(rs, sets);
	}
	free(sets);
	return rc;
}
