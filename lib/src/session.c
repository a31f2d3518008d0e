/*
 * One session as a request sees it, on top of sid, key, record, policy and
 * store: see tessera/session.h for the states and invariants.
 *
 * A tsr_session is OPEN exactly when it owns a lock handle ('lock' is not
 * NULL): tsr_session_open and tsr_session_create make it OPEN; commit,
 * destroy and close always leave it CLOSED (lock released and freed,
 * record cleared), whatever they return. The ID is validated before any
 * store call, so a malformed ID never reaches the store.
 */
#include <string.h>

#include "tessera/key.h"
#include "tessera/session.h"
#include "tessera/sid.h"

/* Copies the store's last error detail into 'e' and returns 'rc'. */
static int session_store_error(tsr_store *st, int rc, tsr_error *e)
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
static void session_reset(tsr_session *s)
{
	if (s->lock != NULL) {
		tsr_store_release(s->store, s->lock);
	}
	tsr_record_clear(&s->record);
	tsr_session_init(s);
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

/*
 * Opens the existing session 'sid' (see session.h): validate the ID, hash
 * it to its key, lock + read it per 'mode', decode the record, check that
 * it belongs to this key, and judge it under 'policy' at 'now'. 's' must
 * be CLOSED (initialised with tsr_session_init). An expired session is
 * destroyed when 'mode' is EXCLUSIVE (a failure to delete it does not
 * change the answer: gc will); in other modes it is left for gc. Returns
 * TSR_OK, TSR_ENOTFOUND with '*why' ("malformed id", "unknown id", "idle
 * timeout", "absolute timeout"), TSR_EINVAL, TSR_EBADRECORD (bytes left as
 * stored), or the store's TSR_ELOCKTIMEOUT, TSR_EUNSAFE, TSR_EIO,
 * TSR_EUNREACHABLE, TSR_ENOMEM. Detail goes to 'e' (may be NULL).
 */
int tsr_session_open(tsr_session *s, tsr_store *st, const char *sid, size_t len, unsigned sid_bits,
                     tsr_lock_mode mode, const tsr_policy *policy, int64_t now, const char **why,
                     tsr_error *e)
{
	tsr_bytes bytes = {NULL, 0};
	tsr_record rec;
	tsr_lock *lock = NULL;
	tsr_verdict verdict;
	tsr_key key;
	int64_t expires_at = 0;
	int rc;

	tsr_error_clear(e);
	tsr_record_init(&rec);
	if (why != NULL) {
		*why = NULL;
	}
	rc = session_prepare(s, st, sid, len, sid_bits, mode, policy, &key, e);
	if (rc == TSR_EBADID) {
		if (why != NULL) {
			*why = "malformed id";
		}
		return tsr_error_set(e, TSR_ENOTFOUND, "session: malformed id");
	}
	if (rc != TSR_OK) {
		return rc;
	}

	rc = tsr_store_acquire(st, &key, mode, &lock, &bytes, &expires_at);
	if (rc == TSR_ENOTFOUND) {
		if (why != NULL) {
			*why = "unknown id";
		}
		rc = tsr_error_set(e, TSR_ENOTFOUND, "session: unknown id");
		goto cleanup;
	}
	if (rc != TSR_OK) {
		session_store_error(st, rc, e);
		goto cleanup;
	}
	rc = tsr_record_decode(bytes.data, bytes.len, &rec, e);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	if (memcmp(rec.key, key.bytes, TSR_KEY_LEN) != 0) {
		rc = tsr_error_set(e, TSR_EBADRECORD, "session: record belongs to another key");
		goto cleanup;
	}
	verdict = tsr_policy_check(policy, &rec, expires_at, now);
	if (verdict != TSR_VERDICT_LIVE) {
		if (why != NULL) {
			*why = tsr_verdict_name(verdict);
		}
		if (mode == TSR_LOCK_EXCLUSIVE) {
			tsr_store_destroy(st, lock, TSR_RELEASE);
		}
		rc = tsr_error_set(e, TSR_ENOTFOUND, "session: %s", tsr_verdict_name(verdict));
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
	lock = NULL;
	tsr_record_init(&rec);
	rc = TSR_OK;

cleanup:
	if (lock != NULL) {
		tsr_store_release(st, lock);
	}
	tsr_record_clear(&rec);
	tsr_bytes_free(&bytes);
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
		session_store_error(st, rc, e);
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
 * whose payload is unchanged and whose record carries the idle timeout in
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
	if (!s->is_new && !changed && s->record.idle_timeout == s->policy.idle_timeout) {
		rc = tsr_store_touch(s->store, s->lock, tsr_policy_expires_at(&s->policy, &s->record, now),
		                     TSR_RELEASE);
		if (rc != TSR_OK) {
			session_store_error(s->store, rc, e);
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
	w.user_id = NULL;
	if (s->record.user_id.len > 0 && s->record.user_id.len <= TSR_RECORD_MAX_USER_ID &&
	    memchr(s->record.user_id.data, '\0', s->record.user_id.len) == NULL) {
		memcpy(user_id, s->record.user_id.data, s->record.user_id.len);
		user_id[s->record.user_id.len] = '\0';
		w.user_id = user_id;
	}
	w.flags = TSR_RELEASE | (s->is_new ? TSR_WRITE_CREATE : 0);
	rc = tsr_store_write(s->store, s->lock, &w);
	if (rc != TSR_OK) {
		session_store_error(s->store, rc, e);
	}

cleanup:
	tsr_bytes_free(&encoded);
	session_reset(s);
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
		session_store_error(s->store, rc, e);
	}

cleanup:
	session_reset(s);
	return rc;
}

/* Releases the lock without writing and frees what 's' owns. CLOSED or NULL is fine. */
void tsr_session_close(tsr_session *s)
{
	if (s == NULL) {
		return;
	}
	session_reset(s);
}

/* True when 's' is OPEN (holds a lock handle). */
bool tsr_session_is_open(const tsr_session *s)
{
	return s != NULL && s->lock != NULL;
}
