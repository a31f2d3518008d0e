/*
 * One session as a request sees it, on top of sid, key, record, policy and
 * store: see tessera/session.h for the states and invariants.
 *
 * A tsr_session is OPEN exactly when it owns a lock handle ('lock' is not
 * NULL): tsr_session_open and tsr_session_create make it OPEN; commit,
 * destroy and close always leave it CLOSED (lock released and freed,
 * record cleared), whatever they return. The ID is validated before any
 * store call, so a malformed ID never reaches the store.
 *
 * An OPEN session also keeps its raw ID ('sid', wiped when it closes): it
 * is needed to seal and open regeneration forwards (tessera/forward.h),
 * which only a holder of the old ID can read. 'dirty' is set by every call
 * that changes the record beside the payload (user, CSRF secret,
 * profiles), so that commit writes the record in full instead of touching.
 *
 * This file holds the lifecycle (open, create, commit, destroy, close);
 * regeneration, revocation, user binding, CSRF and profiles are in
 * session_security.c, sharing the helpers declared in session_internal.h.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "tessera/csrf.h"
#include "tessera/forward.h"
#include "tessera/key.h"
#include "tessera/profile.h"
#include "tessera/session.h"
#include "tessera/sid.h"

#include "session_internal.h"

/* Copies the store's last error detail into 'e' and returns 'rc'. */
int tsr__session_store_error(tsr_store *st, int rc, tsr_error *e)
{
	const tsr_error *se = tsr_store_error(st);

	if (e != NULL) {
		if (se != NULL && se->err == rc) {
			*e = *se;
		} else {
			tsr_error_set(e, rc, "%s", tsr_strerror(rc));
		}
	}
	return rc;
}

/* Releases 's's lock (ignoring the outcome) and returns 's' to CLOSED. */
void tsr__session_reset(tsr_session *s)
{
	if (s->lock != NULL) {
		tsr_store_release(s->store, s->lock);
	}
	tsr_record_clear(&s->record);
	OPENSSL_cleanse(s->sid, sizeof(s->sid));
	tsr_session_init(s);
}

/* Stores the raw ID 'sid' ('len' bytes, already validated) in 's'. */
void tsr__session_set_sid(tsr_session *s, const char *sid, size_t len, unsigned sid_bits)
{
	OPENSSL_cleanse(s->sid, sizeof(s->sid));
	memcpy(s->sid, sid, len);
	s->sid[len] = '\0';
	s->sid_len = len;
	s->sid_bits = sid_bits;
}

/*
 * Copies 'rec's user id into 'buf' (TSR_RECORD_MAX_USER_ID + 1 bytes) as a
 * C string for the store's per-user index, and returns 'buf', or NULL when
 * the record has no user (or one the index cannot name: NUL inside).
 */
const char *tsr__session_user_cstr(const tsr_record *rec, char *buf)
{
	if (rec->user_id.len == 0 || rec->user_id.len > TSR_RECORD_MAX_USER_ID ||
	    memchr(rec->user_id.data, '\0', rec->user_id.len) != NULL) {
		return NULL;
	}
	memcpy(buf, rec->user_id.data, rec->user_id.len);
	buf[rec->user_id.len] = '\0';
	return buf;
}

/*
 * Checks the arguments common to open and create and derives the storage
 * key of the ID into 'key'. Returns TSR_OK, TSR_EINVAL (bad pointers, 's'
 * already OPEN), TSR_EBADID or TSR_ECRYPTO, with detail in 'e'.
 */
static int session_prepare(tsr_session *s, tsr_store *st, const char *sid, size_t len,
                           unsigned sid_bits, tsr_lock_mode mode, const tsr_policy *policy,
                           tsr_key *key, tsr_error *e)
{
	if (s == NULL || st == NULL || policy == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: NULL argument");
	}
	if (s->lock != NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: already open");
	}
	if (mode != TSR_LOCK_EXCLUSIVE && mode != TSR_LOCK_READ_ONLY && mode != TSR_LOCK_NONE) {
		return tsr_error_set(e, TSR_EINVAL, "session: unknown lock mode %d", (int) mode);
	}
	if (policy->idle_timeout == 0) {
		return tsr_error_set(e, TSR_EINVAL, "session: idle timeout must be at least 1 s");
	}
	if (sid == NULL || tsr_sid_validate(sid, len, sid_bits) != TSR_OK) {
		return tsr_error_set(e, TSR_EBADID, "session: malformed id");
	}
	return tsr_key_from_sid(sid, len, key, e);
}

/* Makes 's' a CLOSED session that owns nothing. NULL is fine. */
void tsr_session_init(tsr_session *s)
{
	if (s == NULL) {
		return;
	}
	memset(s, 0, sizeof(*s));
	s->mode = TSR_LOCK_EXCLUSIVE;
	tsr_record_init(&s->record);
}

/* Sets '*why' (when 'why' is not NULL) and returns TSR_ENOTFOUND with 'reason' in 'e'. */
static int session_refuse(const char **why, const char *reason, tsr_error *e)
{
	if (why != NULL) {
		*why = reason;
	}
	return tsr_error_set(e, TSR_ENOTFOUND, "session: %s", reason);
}

/*
 * Locks and reads the session 'key' on 'st' per 'mode' and decodes its
 * record into 'rec' (initialised by the caller). On TSR_OK '*lock' is held
 * and '*expires_at' is the store's deadline; on any other code nothing is
 * held and '*lock' is NULL. Returns TSR_OK, TSR_ENOTFOUND (no record, or
 * an empty one; no detail recorded), TSR_EBADRECORD (undecodable, or a
 * record of another key), or a store error copied into 'e'.
 */
int tsr__session_read(tsr_store *st, const tsr_key *key, tsr_lock_mode mode, tsr_lock **lock,
                      tsr_record *rec, int64_t *expires_at, tsr_error *e)
{
	tsr_bytes bytes = {NULL, 0};
	int rc;

	*lock = NULL;
	rc = tsr_store_acquire(st, key, mode, lock, &bytes, expires_at);
	if (rc == TSR_ENOTFOUND) {
		goto cleanup;
	}
	if (rc != TSR_OK) {
		tsr__session_store_error(st, rc, e);
		*lock = NULL;
		goto cleanup;
	}
	if (bytes.len == 0) {
		/*
		 * No bytes at all: what an OS crash or power loss can leave of a
		 * write the files store did not flush (sync=ends, the default, or
		 * off). Nothing to decode and nothing to lose: the ID is unknown,
		 * so the user gets a new session rather than an error until the
		 * empty record expires.
		 */
		rc = TSR_ENOTFOUND;
		goto cleanup;
	}
	rc = tsr_record_decode(bytes.data, bytes.len, rec, e);
	if (rc == TSR_OK && memcmp(rec->key, key->bytes, TSR_KEY_LEN) != 0) {
		rc = tsr_error_set(e, TSR_EBADRECORD, "session: record belongs to another key");
	}

cleanup:
	if (rc != TSR_OK && *lock != NULL) {
		tsr_store_release(st, *lock);
		*lock = NULL;
	}
	tsr_bytes_free(&bytes);
	return rc;
}

/*
 * Judges the retired record 'rec' of the ID 'sid' (key 'key', deadline
 * 'expires_at') at 'now'. For a forward within its grace, writes the new
 * ID into 'next' (TSR_SID_MAX_LEN + 1 bytes, '*next_len') and returns
 * TSR_OK. Otherwise returns TSR_ENOTFOUND with '*why' (unknown when past
 * the store deadline, revoked, or forwarded after the grace) or
 * TSR_EBADRECORD (a forward that does not open with this ID or holds no
 * valid ID, or a kind this version does not know).
 */
static int session_follow(const tsr_record *rec, const char *sid, size_t len, const tsr_key *key,
                          int64_t expires_at, int64_t now, char *next, size_t *next_len,
                          const char **why, tsr_error *e)
{
	tsr_forward_state state = tsr_forward_state_of(rec);
	int rc;

	if (state == TSR_FORWARD_BAD) {
		return tsr_error_set(e, TSR_EBADRECORD, "session: unknown forward kind %u",
		                     (unsigned) rec->forward.data[0]);
	}
	if (now >= expires_at) {
		/* Kept past its deadline only because gc has not run yet: as good as gone. */
		return session_refuse(why, TSR_WHY_UNKNOWN, e);
	}
	if (state == TSR_FORWARD_REVOKED) {
		return session_refuse(why, TSR_WHY_REVOKED, e);
	}
	if (now >= rec->forward_until) {
		return session_refuse(why, TSR_WHY_FORWARD_EXPIRED, e);
	}
	rc = tsr_forward_open(sid, len, key, rec->forward.data, rec->forward.len, next,
	                      TSR_SID_MAX_LEN + 1, next_len, e);
	if (rc == TSR_ECRYPTO) {
		return tsr_error_set(e, TSR_EBADRECORD, "session: forward does not open with this id");
	}
	if (rc != TSR_OK) {
		return rc;
	}
	/* Sealed by us, so well-formed; checked anyway before it goes near a store. */
	if (tsr_sid_validate(next, *next_len, (unsigned) *next_len * 6) != TSR_OK) {
		OPENSSL_cleanse(next, TSR_SID_MAX_LEN + 1);
		return tsr_error_set(e, TSR_EBADRECORD, "session: forward holds a malformed id");
	}
	return TSR_OK;
}

/*
 * Opens the existing session 'sid' (see session.h): validate the ID, hash
 * it to its key, lock + read it per 'mode', decode the record, check that
 * it belongs to this key, follow a regeneration forward within its grace
 * (releasing the old ID's lock before taking the new one's, at most
 * TSR_FORWARD_MAX_HOPS times), and judge the live record under 'policy' at
 * 'now'. 's' must be CLOSED (initialised with tsr_session_init). An
 * expired session is destroyed when 'mode' is EXCLUSIVE (a failure to
 * delete it does not change the answer: gc will); in other modes it is
 * left for gc. Retired records (forwards, tombstones) are left for gc.
 * Returns TSR_OK ('s->forwarded' tells whether a forward was followed),
 * TSR_ENOTFOUND with '*why' (one of the TSR_WHY_* strings), TSR_EINVAL,
 * TSR_EBADRECORD (bytes left as stored), or the store's TSR_ELOCKTIMEOUT,
 * TSR_EUNSAFE, TSR_EIO, TSR_EUNREACHABLE, TSR_ENOMEM. Detail goes to 'e'
 * (may be NULL).
 */
int tsr_session_open(tsr_session *s, tsr_store *st, const char *sid, size_t len, unsigned sid_bits,
                     tsr_lock_mode mode, const tsr_policy *policy, int64_t now, const char **why,
                     tsr_error *e)
{
	char cur[TSR_SID_MAX_LEN + 1];
	char next[TSR_SID_MAX_LEN + 1];
	size_t cur_len = len;
	size_t next_len = 0;
	tsr_record rec;
	tsr_lock *lock = NULL;
	tsr_verdict verdict;
	tsr_key key;
	int64_t expires_at = 0;
	bool forwarded = false;
	unsigned hop;
	int rc;

	tsr_error_clear(e);
	tsr_record_init(&rec);
	if (why != NULL) {
		*why = NULL;
	}
	rc = session_prepare(s, st, sid, len, sid_bits, mode, policy, &key, e);
	if (rc == TSR_EBADID) {
		return session_refuse(why, TSR_WHY_MALFORMED, e);
	}
	if (rc != TSR_OK) {
		return rc;
	}
	memcpy(cur, sid, len);
	cur[len] = '\0';

	for (hop = 0;; hop++) {
		rc = tsr__session_read(st, &key, mode, &lock, &rec, &expires_at, e);
		if (rc == TSR_ENOTFOUND) {
			rc = session_refuse(why, TSR_WHY_UNKNOWN, e);
			goto cleanup;
		}
		if (rc != TSR_OK) {
			goto cleanup;
		}
		if (tsr_forward_state_of(&rec) == TSR_FORWARD_NONE) {
			break;
		}
		rc = session_follow(&rec, cur, cur_len, &key, expires_at, now, next, &next_len, why, e);
		tsr_store_release(st, lock);
		lock = NULL;
		tsr_record_clear(&rec);
		if (rc != TSR_OK) {
			goto cleanup;
		}
		if (hop + 1 >= TSR_FORWARD_MAX_HOPS) {
			rc = tsr_error_set(e, TSR_ENOTFOUND, "session: more than %u forwards in a row",
			                   TSR_FORWARD_MAX_HOPS);
			if (why != NULL) {
				*why = TSR_WHY_UNKNOWN;
			}
			goto cleanup;
		}
		memcpy(cur, next, next_len + 1);
		cur_len = next_len;
		OPENSSL_cleanse(next, sizeof(next));
		forwarded = true;
		rc = tsr_key_from_sid(cur, cur_len, &key, e);
		if (rc != TSR_OK) {
			goto cleanup;
		}
	}

	verdict = tsr_policy_check(policy, &rec, expires_at, now);
	if (verdict != TSR_VERDICT_LIVE) {
		if (mode == TSR_LOCK_EXCLUSIVE) {
			tsr_store_destroy(st, lock, TSR_RELEASE);
		}
		rc = session_refuse(why, tsr_verdict_name(verdict), e);
		goto cleanup;
	}

	s->store = st;
	s->lock = lock;
	s->mode = mode;
	s->key = key;
	s->record = rec;
	s->policy = *policy;
	s->is_new = false;
	s->expires_at = expires_at;
	s->dirty = false;
	s->forwarded = forwarded;
	tsr__session_set_sid(s, cur, cur_len, sid_bits);
	lock = NULL;
	tsr_record_init(&rec);
	rc = TSR_OK;

cleanup:
	if (lock != NULL) {
		tsr_store_release(st, lock);
	}
	tsr_record_clear(&rec);
	OPENSSL_cleanse(cur, sizeof(cur));
	OPENSSL_cleanse(next, sizeof(next));
	return rc;
}

/*
 * Makes 's' (CLOSED) a new session for the fresh ID 'sid' (see
 * session.h): validates it, takes the lock per 'mode' and starts the
 * record's lifetime at 'now'. An ID that the store already knows is
 * refused with TSR_EINVAL (a fresh ID never collides; reusing one would
 * overwrite a live session). Returns TSR_OK, TSR_EBADID, TSR_EINVAL,
 * TSR_ECRYPTO, or the store's TSR_ELOCKTIMEOUT, TSR_EUNSAFE, TSR_EIO,
 * TSR_EUNREACHABLE, TSR_ENOMEM. Detail goes to 'e' (may be NULL).
 */
int tsr_session_create(tsr_session *s, tsr_store *st, const char *sid, size_t len,
                       unsigned sid_bits, tsr_lock_mode mode, const tsr_policy *policy, int64_t now,
                       tsr_error *e)
{
	tsr_bytes bytes = {NULL, 0};
	tsr_lock *lock = NULL;
	tsr_key key;
	int64_t expires_at = 0;
	int rc;

	tsr_error_clear(e);
	rc = session_prepare(s, st, sid, len, sid_bits, mode, policy, &key, e);
	if (rc != TSR_OK) {
		return rc;
	}
	rc = tsr_store_acquire(st, &key, mode, &lock, &bytes, &expires_at);
	if (rc == TSR_OK) {
		rc = tsr_error_set(e, TSR_EINVAL, "session: id already in use");
		goto cleanup;
	}
	if (rc != TSR_ENOTFOUND) {
		tsr__session_store_error(st, rc, e);
		goto cleanup;
	}
	tsr_error_clear(e);

	s->store = st;
	s->lock = lock;
	s->mode = mode;
	s->key = key;
	tsr_record_init(&s->record);
	memcpy(s->record.key, key.bytes, TSR_KEY_LEN);
	tsr_policy_start(policy, &s->record, now);
	s->policy = *policy;
	s->is_new = true;
	s->expires_at = 0;
	s->dirty = false;
	s->forwarded = false;
	tsr__session_set_sid(s, sid, len, sid_bits);
	lock = NULL;
	rc = TSR_OK;

cleanup:
	if (lock != NULL) {
		tsr_store_release(st, lock);
	}
	tsr_bytes_free(&bytes);
	return rc;
}

/*
 * Stores 'payload' and closes 's' (see session.h). An existing session
 * whose payload is unchanged, whose other fields are not 'dirty' (user,
 * CSRF secret, profiles) and whose record carries the idle timeout in
 * force is only touched (deadline moved, bytes kept); otherwise the record
 * is rewritten with last_active = 'now', generation + 1 and the policy's
 * idle timeout, creating it only when it is new. In READ_ONLY mode nothing
 * is ever written. Returns TSR_OK, TSR_EINVAL ('s' not OPEN, payload NULL
 * with a length), TSR_EREADONLY, TSR_EGONE, TSR_ELOCKLOST, TSR_ETOOBIG,
 * TSR_ENOMEM, or a store error, with detail in 'e'. 's' is CLOSED
 * afterwards in every case.
 */
int tsr_session_commit(tsr_session *s, const void *payload, size_t len, int64_t now, tsr_error *e)
{
	char user_id[TSR_RECORD_MAX_USER_ID + 1];
	struct tsr_store_write w;
	tsr_bytes encoded = {NULL, 0};
	bool changed;
	int rc;

	tsr_error_clear(e);
	if (s == NULL || s->lock == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: not open");
	}
	if (payload == NULL && len > 0) {
		rc = tsr_error_set(e, TSR_EINVAL, "session: payload NULL with a length");
		goto cleanup;
	}
	changed = len != s->record.payload.len ||
	          (len > 0 && memcmp(payload, s->record.payload.data, len) != 0);

	if (s->mode == TSR_LOCK_READ_ONLY) {
		rc = changed ? tsr_error_set(e, TSR_EREADONLY, "session: opened read-only, not written")
		             : TSR_OK;
		goto cleanup;
	}
	if (!s->is_new && !changed && !s->dirty && s->record.idle_timeout == s->policy.idle_timeout) {
		rc = tsr_store_touch(s->store, s->lock, tsr_policy_expires_at(&s->policy, &s->record, now),
		                     TSR_RELEASE);
		if (rc != TSR_OK) {
			tsr__session_store_error(s->store, rc, e);
		}
		goto cleanup;
	}

	if (changed) {
		rc = tsr_bytes_set(&s->record.payload, payload, len);
		if (rc != TSR_OK) {
			tsr_error_set(e, rc, "session: out of memory");
			goto cleanup;
		}
	}
	s->record.last_active = now;
	s->record.generation++;
	s->record.idle_timeout = s->policy.idle_timeout;
	rc = tsr_record_encode(&s->record, &encoded, e);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	memset(&w, 0, sizeof(w));
	w.data = encoded.data;
	w.len = encoded.len;
	w.expires_at = tsr_policy_expires_at(&s->policy, &s->record, now);
	w.user_id = tsr__session_user_cstr(&s->record, user_id);
	w.flags = TSR_RELEASE | (s->is_new ? TSR_WRITE_CREATE : 0);
	rc = tsr_store_write(s->store, s->lock, &w);
	if (rc != TSR_OK) {
		tsr__session_store_error(s->store, rc, e);
	}

cleanup:
	tsr_bytes_free(&encoded);
	tsr__session_reset(s);
	return rc;
}

/*
 * Deletes the session and closes 's' (see session.h). A new session that
 * was never stored has nothing to delete (its lock is still released).
 * Returns TSR_OK, TSR_EINVAL ('s' not OPEN), TSR_EREADONLY, TSR_ELOCKLOST,
 * or a store error, with detail in 'e'. 's' is CLOSED afterwards in every
 * case.
 */
int tsr_session_destroy(tsr_session *s, tsr_error *e)
{
	int rc;

	tsr_error_clear(e);
	if (s == NULL || s->lock == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: not open");
	}
	if (s->mode == TSR_LOCK_READ_ONLY) {
		rc = tsr_error_set(e, TSR_EREADONLY, "session: opened read-only, not destroyed");
		goto cleanup;
	}
	rc = tsr_store_destroy(s->store, s->lock, TSR_RELEASE);
	if (rc != TSR_OK) {
		tsr__session_store_error(s->store, rc, e);
	}

cleanup:
	tsr__session_reset(s);
	return rc;
}

/* Releases the lock without writing and frees what 's' owns. CLOSED or NULL is fine. */
void tsr_session_close(tsr_session *s)
{
	if (s == NULL) {
		return;
	}
	tsr__session_reset(s);
}

/* True when 's' is OPEN (holds a lock handle). */
bool tsr_session_is_open(const tsr_session *s)
{
	return s != NULL && s->lock != NULL;
}

/* Returns the raw ID of the OPEN session 's' (see session.h). */
const char *tsr_session_id(const tsr_session *s, size_t *len)
{
	if (s == NULL || s->lock == NULL) {
		if (len != NULL) {
			*len = 0;
		}
		return NULL;
	}
	if (len != NULL) {
		*len = s->sid_len;
	}
	return s->sid;
}
