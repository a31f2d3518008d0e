/*
 * The security operations of a session, on top of session.c: regeneration
 * with a grace period (the old ID forwards to the new one, sealed so only a
 * holder of the old ID can follow it), revocation by storage key, binding
 * a user (for the store's per-user index), CSRF tokens and client-profile
 * checks. They keep session.c's invariants: an OPEN session owns its lock,
 * 'dirty' is set by every change beside the payload, and every exit path
 * leaves the session in a state session.h documents.
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
	w.user_id = tsr__session_user_cstr(rec, user_id);
	w.flags = flags;
	rc = tsr_store_write(st, lock, &w);
	if (rc != TSR_OK) {
		tsr__session_store_error(st, rc, e);
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
		return tsr__session_store_error(s->store, rc, e);
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
	tsr__session_set_sid(s, new_sid, new_len, s->sid_bits);
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
		tsr__session_store_error(s->store, rc, e);
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
		rc = session_write_record(s->store, s->lock, &retired, old_deadline,
		                          TSR_RELEASE | TSR_WRITE_ENDS_ID, e);
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
	tsr__session_set_sid(s, new_sid, new_len, s->sid_bits);
	tsr_record_init(&fresh);
	lock = NULL;
	goto cleanup;

fail_undo_new:
	/* The old ID keeps (or lost) its data; never leave a second copy under the new ID. */
	tsr_store_destroy(s->store, lock, TSR_RELEASE);
	tsr_store_release(s->store, lock);
	lock = NULL;
	tsr__session_reset(s);
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
	rc = tsr__session_read(st, key, TSR_LOCK_EXCLUSIVE, &lock, &rec, &expires_at, e);
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
	rc = session_write_record(st, lock, &rec, expires_at, TSR_RELEASE | TSR_WRITE_ENDS_ID, e);

cleanup:
	if (lock != NULL) {
		tsr_store_release(st, lock);
	}
	tsr_record_clear(&rec);
	return rc;
}
