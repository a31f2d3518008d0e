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
 */
#include <string.h>

#include <openssl/crypto.h>

#include "tessera/csrf.h"
#include "tessera/forward.h"
#include "tessera/key.h"
#include "tessera/profile.h"
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
	OPENSSL_cleanse(s->sid, sizeof(s->sid));
	tsr_session_init(s);
}

/* Stores the raw ID 'sid' ('len' bytes, already validated) in 's'. */
static void session_set_sid(tsr_session *s, const char *sid, size_t len, unsigned sid_bits)
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
static const char *session_user_cstr(const tsr_record *rec, char *buf)
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
 * held and '*lock' is NULL. Returns TSR_OK, TSR_ENOTFOUND (no record; no
 * detail recorded), TSR_EBADRECORD (undecodable, or a record of another
 * key), or a store error copied into 'e'.
 */
static int session_read(tsr_store *st, const tsr_key *key, tsr_lock_mode mode, tsr_lock **lock,
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
		session_store_error(st, rc, e);
		*lock = NULL;
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
		rc = session_read(st, &key, mode, &lock, &rec, &expires_at, e);
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
	session_set_sid(s, cur, cur_len, sid_bits);
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
	s->dirty = false;
	s->forwarded = false;
	session_set_sid(s, sid, len, sid_bits);
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
	w.user_id = session_user_cstr(&s->record, user_id);
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

/*
 * Copies 's->record' into 'out' (initialised by the caller) for a
 * regeneration: a deep copy through the codec (which also checks it) under
 * 'key', generation 0, last use 'now', no forward, and, when 'rotate', a
 * new CSRF secret if the old record had one. Returns TSR_OK, TSR_ERANDOM,
 * TSR_ENOMEM or a codec error.
 */
static int session_copy_for(const tsr_session *s, const tsr_key *key, int64_t now, bool rotate,
                            tsr_record *out, tsr_error *e)
{
	tsr_bytes bytes = {NULL, 0};
	int rc;

	rc = tsr_record_encode(&s->record, &bytes, e);
	if (rc != TSR_OK) {
		return rc;
	}
	rc = tsr_record_decode(bytes.data, bytes.len, out, e);
	if (bytes.data != NULL) {
		OPENSSL_cleanse(bytes.data, bytes.len);
	}
	tsr_bytes_free(&bytes);
	if (rc != TSR_OK) {
		return rc;
	}
	memcpy(out->key, key->bytes, TSR_KEY_LEN);
	out->generation = 0;
	out->last_active = now;
	out->idle_timeout = s->policy.idle_timeout;
	tsr_bytes_free(&out->forward);
	out->forward_until = 0;
	if (rotate && out->csrf_secret.len == TSR_CSRF_SECRET_LEN) {
		rc = tsr_csrf_secret_generate(out->csrf_secret.data, e);
	}
	return rc;
}

/*
 * Writes the encoded 'rec' through 'lock' with deadline 'expires_at' and
 * 'flags', indexing its user. Returns TSR_OK, a codec error, or the
 * store's error copied into 'e'.
 */
static int session_write_record(tsr_store *st, tsr_lock *lock, const tsr_record *rec,
                                int64_t expires_at, unsigned flags, tsr_error *e)
{
	char user_id[TSR_RECORD_MAX_USER_ID + 1];
	struct tsr_store_write w;
	tsr_bytes encoded = {NULL, 0};
	int rc;

	rc = tsr_record_encode(rec, &encoded, e);
	if (rc != TSR_OK) {
		return rc;
	}
	memset(&w, 0, sizeof(w));
	w.data = encoded.data;
	w.len = encoded.len;
	w.expires_at = expires_at;
	w.user_id = session_user_cstr(rec, user_id);
	w.flags = flags;
	rc = tsr_store_write(st, lock, &w);
	if (rc != TSR_OK) {
		session_store_error(st, rc, e);
	}
	tsr_bytes_free(&encoded);
	return rc;
}

/*
 * Changes the ID of a new session 's' that was never stored to
 * 'new_sid' / 'new_key': takes the new ID's lock, releases the old one.
 * Returns TSR_OK (then 's' is on the new ID), TSR_EINVAL (the ID is in
 * use) or a store error ('s' unchanged).
 */
static int session_rename_new(tsr_session *s, const char *new_sid, size_t new_len,
                              const tsr_key *new_key, tsr_error *e)
{
	tsr_bytes bytes = {NULL, 0};
	tsr_lock *lock = NULL;
	int64_t expires_at = 0;
	int rc;

	rc = tsr_store_acquire(s->store, new_key, s->mode, &lock, &bytes, &expires_at);
	tsr_bytes_free(&bytes);
	if (rc == TSR_OK) {
		tsr_store_release(s->store, lock);
		return tsr_error_set(e, TSR_EINVAL, "session: new id already in use");
	}
	if (rc != TSR_ENOTFOUND) {
		return session_store_error(s->store, rc, e);
	}
	tsr_store_release(s->store, s->lock);
	s->lock = lock;
	s->key = *new_key;
	memcpy(s->record.key, new_key->bytes, TSR_KEY_LEN);
	if (s->record.csrf_secret.len == TSR_CSRF_SECRET_LEN) {
		rc = tsr_csrf_secret_generate(s->record.csrf_secret.data, e);
		if (rc != TSR_OK) {
			/* Never keep a secret that was tied to the old ID: drop it, a token creates one. */
			tsr_bytes_free(&s->record.csrf_secret);
		}
	}
	session_set_sid(s, new_sid, new_len, s->sid_bits);
	tsr_error_clear(e);
	return TSR_OK;
}

/*
 * Moves the OPEN session 's' to 'new_sid' and leaves a forward under the
 * old ID (see session.h for the steps, the deadlines and what each
 * failure leaves behind).
 */
int tsr_session_regenerate(tsr_session *s, const char *new_sid, size_t new_len, uint32_t grace_s,
                           int64_t now, tsr_error *e)
{
	tsr_bytes sealed = {NULL, 0};
	tsr_bytes bytes = {NULL, 0};
	tsr_record fresh;
	tsr_record retired;
	tsr_lock *lock = NULL;
	tsr_key new_key;
	int64_t new_deadline;
	int64_t old_deadline;
	int64_t until;
	int64_t ignored = 0;
	int rc;

	tsr_error_clear(e);
	tsr_record_init(&fresh);
	tsr_record_init(&retired);
	if (s == NULL || s->lock == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: not open");
	}
	if (s->mode == TSR_LOCK_READ_ONLY) {
		return tsr_error_set(e, TSR_EREADONLY, "session: opened read-only, not regenerated");
	}
	if (grace_s > TSR_FORWARD_MAX_GRACE_S) {
		return tsr_error_set(e, TSR_EINVAL, "session: grace %u s over the limit of %u s", grace_s,
		                     TSR_FORWARD_MAX_GRACE_S);
	}
	if (new_sid == NULL || tsr_sid_validate(new_sid, new_len, s->sid_bits) != TSR_OK) {
		return tsr_error_set(e, TSR_EBADID, "session: malformed new id");
	}
	if (new_len == s->sid_len && memcmp(new_sid, s->sid, new_len) == 0) {
		return tsr_error_set(e, TSR_EINVAL, "session: new id equals the old one");
	}
	rc = tsr_key_from_sid(new_sid, new_len, &new_key, e);
	if (rc != TSR_OK) {
		return rc;
	}
	if (s->is_new) {
		return session_rename_new(s, new_sid, new_len, &new_key, e);
	}

	/* Step 1: the new record under the new ID, its lock kept. */
	rc = tsr_store_acquire(s->store, &new_key, s->mode, &lock, &bytes, &ignored);
	if (rc == TSR_OK) {
		rc = tsr_error_set(e, TSR_EINVAL, "session: new id already in use");
		goto fail_keep_old;
	}
	if (rc != TSR_ENOTFOUND) {
		session_store_error(s->store, rc, e);
		lock = NULL;
		goto fail_keep_old;
	}
	rc = session_copy_for(s, &new_key, now, true, &fresh, e);
	if (rc != TSR_OK) {
		goto fail_keep_old;
	}
	new_deadline = tsr_policy_expires_at(&s->policy, &fresh, now);
	rc = session_write_record(s->store, lock, &fresh, new_deadline, TSR_WRITE_CREATE, e);
	if (rc != TSR_OK) {
		goto fail_keep_old;
	}

	/* Step 2: the old record becomes a forward; its lock goes in the same step. */
	rc = tsr_forward_seal(s->sid, s->sid_len, &s->key, new_sid, new_len, &sealed, e);
	if (rc != TSR_OK) {
		goto fail_undo_new;
	}
	until = now + (int64_t) grace_s * 1000;
	old_deadline = tsr_policy_expires_at(&s->policy, &s->record, now);
	if (old_deadline < until) {
		old_deadline = until;
	}
	rc = session_copy_for(s, &s->key, now, false, &retired, e);
	if (rc == TSR_OK) {
		retired.generation = s->record.generation + 1;
		rc = tsr_forward_retire(&retired, sealed.data, sealed.len, until);
		if (rc != TSR_OK) {
			tsr_error_set(e, rc, "session: cannot build the forward record");
		}
	}
	if (rc == TSR_OK) {
		rc = session_write_record(s->store, s->lock, &retired, old_deadline, TSR_RELEASE, e);
	}
	if (rc != TSR_OK) {
		goto fail_undo_new;
	}

	tsr_store_release(s->store, s->lock);
	tsr_record_clear(&s->record);
	s->lock = lock;
	s->key = new_key;
	s->record = fresh;
	s->is_new = false;
	s->expires_at = new_deadline;
	s->dirty = false;
	session_set_sid(s, new_sid, new_len, s->sid_bits);
	tsr_record_init(&fresh);
	lock = NULL;
	goto cleanup;

fail_undo_new:
	/* The old ID keeps (or lost) its data; never leave a second copy under the new ID. */
	tsr_store_destroy(s->store, lock, TSR_RELEASE);
	tsr_store_release(s->store, lock);
	lock = NULL;
	session_reset(s);
	goto cleanup;

fail_keep_old:
	/* Nothing changed under the old ID: 's' stays OPEN on it. */
	goto cleanup;

cleanup:
	if (lock != NULL) {
		tsr_store_release(s->store, lock);
	}
	tsr_record_clear(&fresh);
	tsr_record_clear(&retired);
	tsr_bytes_free(&sealed);
	tsr_bytes_free(&bytes);
	return rc;
}

/* Binds or unbinds the OPEN session 's' to a user (see session.h). */
int tsr_session_bind_user(tsr_session *s, const char *user_id, size_t len, tsr_error *e)
{
	tsr_error_clear(e);
	if (s == NULL || s->lock == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: not open");
	}
	if (user_id == NULL && len > 0) {
		return tsr_error_set(e, TSR_EINVAL, "session: user id NULL with a length");
	}
	if (len > TSR_RECORD_MAX_USER_ID) {
		return tsr_error_set(e, TSR_ETOOBIG, "session: user id of %zu bytes, limit %u", len,
		                     TSR_RECORD_MAX_USER_ID);
	}
	if (len > 0 && memchr(user_id, '\0', len) != NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: user id contains a NUL byte");
	}
	if (s->mode == TSR_LOCK_READ_ONLY) {
		return tsr_error_set(e, TSR_EREADONLY, "session: opened read-only, user not bound");
	}
	if (len == s->record.user_id.len &&
	    (len == 0 || memcmp(user_id, s->record.user_id.data, len) == 0)) {
		return TSR_OK;
	}
	if (tsr_bytes_set(&s->record.user_id, user_id, len) != TSR_OK) {
		return tsr_error_set(e, TSR_ENOMEM, "session: out of memory");
	}
	s->dirty = true;
	return TSR_OK;
}

/* Writes a fresh CSRF token of the OPEN session 's', creating its secret (see session.h). */
int tsr_session_csrf_token(tsr_session *s, char *out, size_t out_size, tsr_error *e)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	int rc;

	tsr_error_clear(e);
	if (out != NULL && out_size > 0) {
		out[0] = '\0';
	}
	if (s == NULL || s->lock == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: not open");
	}
	if (s->record.csrf_secret.len != TSR_CSRF_SECRET_LEN) {
		if (s->mode == TSR_LOCK_READ_ONLY) {
			return tsr_error_set(e, TSR_EREADONLY,
			                     "session: opened read-only and has no CSRF secret yet");
		}
		rc = tsr_csrf_secret_generate(secret, e);
		if (rc == TSR_OK &&
		    tsr_bytes_set(&s->record.csrf_secret, secret, sizeof(secret)) != TSR_OK) {
			rc = tsr_error_set(e, TSR_ENOMEM, "session: out of memory");
		}
		OPENSSL_cleanse(secret, sizeof(secret));
		if (rc != TSR_OK) {
			return rc;
		}
		s->dirty = true;
	}
	return tsr_csrf_token(s->record.csrf_secret.data, s->record.csrf_secret.len, out, out_size, e);
}

/* True when 'token' is a CSRF token of the OPEN session 's' (see session.h). */
bool tsr_session_csrf_verify(const tsr_session *s, const char *token, size_t len)
{
	if (s == NULL || s->lock == NULL) {
		return false;
	}
	return tsr_csrf_verify(s->record.csrf_secret.data, s->record.csrf_secret.len, token, len);
}

/* Checks the request's profile against the OPEN session 's' (see session.h). */
int tsr_session_profile_check(tsr_session *s, const tsr_profile_policy *pol, const tsr_profile *cur,
                              tsr_profile_verdict *verdict, tsr_error *e)
{
	bool changed = false;
	size_t index = 0;
	int rc;

	tsr_error_clear(e);
	if (s == NULL || s->lock == NULL || pol == NULL || cur == NULL || verdict == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: not open or NULL argument");
	}
	rc = tsr_profile_check(pol, &s->record, cur, verdict, &index);
	if (rc != TSR_OK) {
		return tsr_error_set(e, rc, "session: profile check failed");
	}
	if (*verdict == TSR_PROFILE_KNOWN) {
		rc = tsr_profile_use(&s->record, index, cur, &changed);
	} else if (*verdict == TSR_PROFILE_FIRST) {
		rc = tsr_profile_accept(&s->record, cur, TSR_PROFILE_DEFAULT_MAX);
		changed = rc == TSR_OK;
	}
	if (rc != TSR_OK) {
		return tsr_error_set(e, rc, "session: cannot update the profile list");
	}
	if (changed) {
		s->dirty = true;
	}
	return TSR_OK;
}

/* Accepts 'cur' as a new known profile of the OPEN session 's' (see session.h). */
int tsr_session_profile_accept(tsr_session *s, const tsr_profile *cur, size_t max, tsr_error *e)
{
	int rc;

	tsr_error_clear(e);
	if (s == NULL || s->lock == NULL || cur == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: not open or NULL argument");
	}
	rc = tsr_profile_accept(&s->record, cur, max);
	if (rc != TSR_OK) {
		return tsr_error_set(e, rc, "session: cannot accept the profile");
	}
	s->dirty = true;
	return TSR_OK;
}

/* Replaces the live session 'key' by a REVOKED tombstone (see session.h). */
int tsr_session_revoke(tsr_store *st, const tsr_key *key, int64_t now, tsr_error *e)
{
	static const uint8_t marker[1] = {TSR_FORWARD_KIND_REVOKED};
	tsr_lock *lock = NULL;
	tsr_record rec;
	int64_t expires_at = 0;
	int rc;

	tsr_error_clear(e);
	tsr_record_init(&rec);
	if (st == NULL || key == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "session: NULL argument");
	}
	rc = session_read(st, key, TSR_LOCK_EXCLUSIVE, &lock, &rec, &expires_at, e);
	if (rc == TSR_ENOTFOUND) {
		return tsr_error_set(e, TSR_ENOTFOUND, "session: unknown id");
	}
	if (rc != TSR_OK) {
		goto cleanup;
	}
	if (tsr_forward_state_of(&rec) != TSR_FORWARD_NONE || now >= expires_at ||
	    (rec.absolute_expiry != 0 && now >= rec.absolute_expiry)) {
		rc = tsr_error_set(e, TSR_ENOTFOUND, "session: not a live session");
		goto cleanup;
	}
	rc = tsr_forward_retire(&rec, marker, sizeof(marker), now);
	if (rc != TSR_OK) {
		tsr_error_set(e, rc, "session: cannot build the tombstone");
		goto cleanup;
	}
	rec.generation++;
	rc = session_write_record(st, lock, &rec, expires_at, TSR_RELEASE, e);

cleanup:
	if (lock != NULL) {
		tsr_store_release(st, lock);
	}
	tsr_record_clear(&rec);
	return rc;
}
