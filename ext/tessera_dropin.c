/*
 * tessera_dropin.c: what drop-in mode (session.save_handler = tessera) adds
 * to PHP's session functions, beside the save handler itself:
 *
 *   - Tessera\csrf_token() and Tessera\csrf_verify() on the session the
 *     handler has open. The CSRF rules live in the lib (tessera/csrf.h,
 *     tsr_session_csrf_*); a secret created here makes the record dirty,
 *     so the handler's write stores it even when $_SESSION did not change;
 *   - fingerprints (tessera.fingerprint_ua / _ip): the request's profile
 *     (REMOTE_ADDR, HTTP_USER_AGENT) is checked at open by the lib's
 *     policy; a refused profile destroys the session and PHP issues a new
 *     ID, as for an unknown one;
 *   - tessera.lock_mode=on_write: the session is read without a lock and,
 *     at write, the top-level $_SESSION keys this request changed, added or
 *     removed (values compared decoded) are applied to the record as it is
 *     stored then, under a short exclusive lock (php_tessera_dropin_merge).
 *     Two requests changing different keys both keep their change; for one
 *     key the later write wins.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"

#include "php_tessera.h"
#include "tessera/csrf.h"
#include "tessera/policy.h"
#include "tessera/profile.h"
#include "tessera/sid.h"
#include "tessera_classes.h"

/* The session the save handler has open for the active session, or NULL. */
static tsr_session *dropin_session(void)
{
	if (PS(session_status) != php_session_active || PS(mod) != &ps_mod_tessera ||
	    !tsr_session_is_open(&TESSERA_G(session))) {
		return NULL;
	}
	return &TESSERA_G(session);
}

/* Tessera\csrf_token(): string */
PHP_FUNCTION(Tessera_csrf_token)
{
	char token[TSR_CSRF_TOKEN_LEN + 1];
	tsr_session *s;
	tsr_error err;
	int rc;

	ZEND_PARSE_PARAMETERS_NONE();
	s = dropin_session();
	if (s == NULL) {
		zend_throw_exception(tessera_ce_Exception,
		                     "no session is active on the tessera save handler; call "
		                     "session_start() first",
		                     0);
		RETURN_THROWS();
	}
	tsr_error_clear(&err);
	rc = tsr_session_csrf_token(s, token, sizeof(token), &err);
	if (rc == TSR_EREADONLY) {
		zend_throw_exception(tessera_ce_ReadOnlyException,
		                     "the session has no CSRF secret yet and is open read-only",
		                     TSR_EREADONLY);
		RETURN_THROWS();
	}
	if (rc != TSR_OK) {
		php_tessera_throw("cannot make a CSRF token", rc, &err);
		RETURN_THROWS();
	}
	RETVAL_STRINGL(token, TSR_CSRF_TOKEN_LEN);
	ZEND_SECURE_ZERO(token, sizeof(token));
}

/* Tessera\csrf_verify(string $token): bool */
PHP_FUNCTION(Tessera_csrf_verify)
{
	zend_string *token;
	tsr_session *s;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_STR(token)
	ZEND_PARSE_PARAMETERS_END();

	s = dropin_session();
	RETURN_BOOL(s != NULL && tsr_session_csrf_verify(s, ZSTR_VAL(token), ZSTR_LEN(token)));
}

/* ---- fingerprints ---------------------------------------------------------------- */

/* Fills 'pol' from tessera.fingerprint_ua and tessera.fingerprint_ip. */
void php_tessera_dropin_fingerprint_policy(tsr_profile_policy *pol)
{
	pol->ua = (tsr_profile_ua_mode) TESSERA_G(fingerprint_ua);
	pol->ip = (tsr_profile_ip_mode) TESSERA_G(fingerprint_ip);
}

/* The string $_SERVER[name] as the script sees it (php_tessera_server_vars), or NULL. */
static zend_string *dropin_server_var(const char *name, size_t len)
{
	HashTable *server = php_tessera_server_vars();
	zval *v;

	if (server == NULL) {
		return NULL;
	}
	v = zend_hash_str_find_deref(server, name, len);
	return (v && Z_TYPE_P(v) == IS_STRING) ? Z_STR_P(v) : NULL;
}

/* Builds the profile of this request (an address that does not parse counts as unknown). */
static int dropin_request_profile(tsr_profile *out, tsr_error *e)
{
	zend_string *ua = dropin_server_var(ZEND_STRL("HTTP_USER_AGENT"));
	zend_string *ip = dropin_server_var(ZEND_STRL("REMOTE_ADDR"));
	const char *ua_p = ua ? ZSTR_VAL(ua) : NULL;
	size_t ua_len = ua ? ZSTR_LEN(ua) : 0;
	int64_t now = tsr_clock_now_ms();

	if (ip && ZSTR_LEN(ip) > 0 && !zend_str_has_nul_byte(ip) &&
	    tsr_profile_from_request(ua_p, ua_len, ZSTR_VAL(ip), now, out, NULL) == TSR_OK) {
		return TSR_OK;
	}
	return tsr_profile_from_request(ua_p, ua_len, NULL, now, out, e);
}

/* Destroys the OPEN 's' whose profile was refused (a read-only handle is re-opened exclusively). */
static void dropin_destroy_refused(tsr_session *s)
{
	char sid[TSR_SID_MAX_LEN + 1];
	tsr_policy policy = s->policy;
	unsigned bits = s->sid_bits;
	size_t len = s->sid_len;
	tsr_store *st = s->store;
	tsr_error err;
	int rc;

	tsr_error_clear(&err);
	if (s->mode != TSR_LOCK_READ_ONLY) {
		rc = tsr_session_destroy(s, &err);
	} else {
		memcpy(sid, s->sid, len);
		sid[len] = '\0';
		tsr_session_close(s);
		rc = tsr_session_open(s, st, sid, len, bits, TSR_LOCK_EXCLUSIVE, &policy,
		                      tsr_clock_now_ms(), NULL, &err);
		ZEND_SECURE_ZERO(sid, sizeof(sid));
		if (rc == TSR_OK) {
			rc = tsr_session_destroy(s, &err);
		} else if (rc == TSR_ENOTFOUND) {
			rc = TSR_OK;
		}
	}
	tsr_session_close(s);
	if (rc != TSR_OK) {
		php_tessera_warn("cannot destroy a session whose client profile changed: %s",
		                 err.errstr[0] ? err.errstr : tsr_strerror(rc));
	}
}

/*
 * The profile bookkeeping of the OPEN 's' for this request. With
 * 'accept_changed' a changed profile is accepted (a re-read after the check
 * already passed); without, it is refused. Returns false when refused.
 */
static bool dropin_profile_check(tsr_session *s, bool accept_changed)
{
	tsr_profile_policy pol;
	tsr_profile_verdict verdict;
	tsr_profile cur;
	tsr_error err;

	php_tessera_dropin_fingerprint_policy(&pol);
	tsr_error_clear(&err);
	if (dropin_request_profile(&cur, &err) != TSR_OK ||
	    tsr_session_profile_check(s, &pol, &cur, &verdict, &err) != TSR_OK) {
		/* Bookkeeping failed (out of memory): the session itself is fine. */
		return true;
	}
	if (verdict != TSR_PROFILE_CHANGED) {
		return true;
	}
	if (accept_changed) {
		tsr_session_profile_accept(s, &cur, 0, &err);
		return true;
	}
	dropin_destroy_refused(s);
	return false;
}

/* See php_tessera.h. */
bool php_tessera_dropin_profile(tsr_session *s)
{
	return dropin_profile_check(s, false);
}

/* ---- on_write merge -------------------------------------------------------------- */

/*
 * Runs the session serializer on a private array instead of $_SESSION: PHP's
 * serializers read and write PS(http_session_vars), so it is swapped for a
 * reference to 'arr' during the call and restored after.
 */
static zval *dropin_swap_in(zval *saved, zval *arr)
{
	ZVAL_COPY_VALUE(saved, &PS(http_session_vars));
	ZVAL_NEW_REF(&PS(http_session_vars), arr);
	return Z_REFVAL(PS(http_session_vars));
}

static void dropin_swap_out(zval *saved, zval *out)
{
	if (out) {
		ZVAL_COPY(out, Z_REFVAL(PS(http_session_vars)));
	}
	zval_ptr_dtor(&PS(http_session_vars));
	ZVAL_COPY_VALUE(&PS(http_session_vars), saved);
}

/* Decodes session data 'bytes' with session.serialize_handler into the array 'out'. */
static bool dropin_decode(const char *bytes, size_t len, zval *out)
{
	zval saved, arr;
	zend_result rc;

	if (len == 0) {
		array_init(out);
		return true;
	}
	if (PS(serializer) == NULL) {
		array_init(out);
		return false;
	}
	if (strcmp(PS(serializer)->name, "php_serialize") == 0) {
		/* That decoder also rewrites $_SESSION in the symbol table: do it ourselves. */
		return php_tessera_unserialize(out, (const uint8_t *) bytes, len);
	}
	array_init(&arr);
	dropin_swap_in(&saved, &arr);
	rc = PS(serializer)->decode(bytes, len);
	dropin_swap_out(&saved, out);
	if (Z_TYPE_P(out) != IS_ARRAY) {
		zval_ptr_dtor(out);
		array_init(out);
		return false;
	}
	return rc == SUCCESS && !EG(exception);
}

/* Encodes the array 'data' with session.serialize_handler; NULL on failure. */
static zend_string *dropin_encode(zval *data)
{
	zend_string *out;
	zval saved, arr;

	if (PS(serializer) == NULL) {
		return NULL;
	}
	ZVAL_COPY(&arr, data);
	dropin_swap_in(&saved, &arr);
	out = PS(serializer)->encode();
	dropin_swap_out(&saved, NULL);
	return out;
}

/* Looks 'key'/'idx' up in 'ht'. */
static zval *dropin_find(HashTable *ht, zend_string *key, zend_ulong idx)
{
	return key ? zend_hash_find(ht, key) : zend_hash_index_find(ht, idx);
}

/*
 * Applies to 'cur' the top-level changes that turn 'old' into 'new':
 * keys of 'new' absent from 'old' or holding another value are set, keys
 * of 'old' absent from 'new' are removed. Other keys of 'cur' (changed by
 * concurrent requests) are left alone.
 */
static void dropin_apply_diff(zval *cur, zval *old, zval *new_data)
{
	zend_string *key;
	zend_ulong idx;
	zval *val;

	SEPARATE_ARRAY(cur);
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(new_data), idx, key, val)
	{
		zval *was = dropin_find(Z_ARRVAL_P(old), key, idx);
		zval copy;

		if (was != NULL && php_tessera_same_value(was, val)) {
			continue;
		}
		ZVAL_COPY_DEREF(&copy, val);
		if (key) {
			zend_hash_update(Z_ARRVAL_P(cur), key, &copy);
		} else {
			zend_hash_index_update(Z_ARRVAL_P(cur), idx, &copy);
		}
	}
	ZEND_HASH_FOREACH_END();
	ZEND_HASH_FOREACH_KEY(Z_ARRVAL_P(old), idx, key)
	{
		if (dropin_find(Z_ARRVAL_P(new_data), key, idx) == NULL) {
			if (key) {
				zend_hash_del(Z_ARRVAL_P(cur), key);
			} else {
				zend_hash_index_del(Z_ARRVAL_P(cur), idx);
			}
		}
	}
	ZEND_HASH_FOREACH_END();
}

/* See php_tessera.h. The first error wins; 's' is CLOSED afterwards in every case. */
int php_tessera_dropin_merge(tsr_session *s, const zend_string *snapshot, const zend_string *val,
                             int64_t now, tsr_error *e)
{
	uint8_t secret[TSR_RECORD_CSRF_LEN];
	char sid[TSR_SID_MAX_LEN + 1];
	zval old, new_data, cur;
	zend_string *encoded = NULL;
	const char *why = NULL;
	bool have_secret = false;
	tsr_policy policy;
	tsr_store *st;
	unsigned bits;
	size_t len;
	int rc;

	ZVAL_UNDEF(&old);
	ZVAL_UNDEF(&new_data);
	ZVAL_UNDEF(&cur);
	if (zend_string_equals(val, snapshot) && !s->dirty &&
	    s->record.idle_timeout == s->policy.idle_timeout) {
		/* Nothing changed: only the deadline moves, without a lock. */
		return tsr_session_commit(s, ZSTR_VAL(val), ZSTR_LEN(val), now, e);
	}
	if (!dropin_decode(ZSTR_VAL(snapshot), ZSTR_LEN(snapshot), &old) ||
	    !dropin_decode(ZSTR_VAL(val), ZSTR_LEN(val), &new_data)) {
		rc = tsr_error_set(e, TSR_EBADRECORD,
		                   "on_write: session data does not decode with "
		                   "session.serialize_handler; nothing was saved");
		tsr_session_close(s);
		goto cleanup;
	}

	/* What this request created beside the data: a CSRF secret. */
	if (s->record.csrf_secret.len == TSR_RECORD_CSRF_LEN) {
		memcpy(secret, s->record.csrf_secret.data, TSR_RECORD_CSRF_LEN);
		have_secret = true;
	}
	/* The short exclusive lock, and the record as stored now. */
	len = s->sid_len;
	memcpy(sid, s->sid, len);
	sid[len] = '\0';
	bits = s->sid_bits;
	policy = s->policy;
	st = s->store;
	tsr_session_close(s);
	rc = tsr_session_open(s, st, sid, len, bits, TSR_LOCK_EXCLUSIVE, &policy, now, &why, e);
	ZEND_SECURE_ZERO(sid, sizeof(sid));
	if (rc == TSR_ENOTFOUND) {
		rc = tsr_error_set(e, TSR_EGONE, "session ended meanwhile (%s)", why ? why : "unknown id");
		goto cleanup;
	}
	if (rc != TSR_OK) {
		goto cleanup;
	}
	if (have_secret && s->record.csrf_secret.len == 0) {
		if (tsr_bytes_set(&s->record.csrf_secret, secret, TSR_RECORD_CSRF_LEN) == TSR_OK) {
			s->dirty = true;
		}
	}
	dropin_profile_check(s, true);
	if (!dropin_decode((const char *) s->record.payload.data, s->record.payload.len, &cur)) {
		rc = tsr_error_set(e, TSR_EBADRECORD,
		                   "on_write: the stored session data does not decode; it was left in "
		                   "place and this request's changes were not saved");
		tsr_session_close(s);
		goto cleanup;
	}
	dropin_apply_diff(&cur, &old, &new_data);
	encoded = dropin_encode(&cur);
	if (encoded == NULL) {
		rc = tsr_error_set(e, TSR_EINVAL, "on_write: cannot encode the merged session data");
		tsr_session_close(s);
		goto cleanup;
	}
	rc = tsr_session_commit(s, ZSTR_VAL(encoded), ZSTR_LEN(encoded), now, e);

cleanup:
	ZEND_SECURE_ZERO(secret, sizeof(secret));
	if (encoded) {
		zend_string_release(encoded);
	}
	zval_ptr_dtor(&old);
	zval_ptr_dtor(&new_data);
	zval_ptr_dtor(&cur);
	if (tsr_session_is_open(s)) {
		tsr_session_close(s);
	}
	return rc;
}
