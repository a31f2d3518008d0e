/*
 * mod_tessera.c: the "tessera" session save handler (a ps_module for PHP's
 * ext/session), a thin client of tsr_session_* and tsr_store_*.
 *
 * How PHP 8.2 drives a handler during session_start() (php_session_initialize):
 * ps_open, then ps_create_sid (no ID) or ps_validate_sid (an ID was sent and
 * strict mode is on: FAILURE makes PHP issue a new ID), then ps_read (FAILURE
 * aborts the start: PHP calls ps_close and session_start() returns false),
 * and at the end ps_write or ps_update_timestamp, then ps_close. PHP gives
 * the handler no other hint, so this file keeps its state in TESSERA_G().
 *
 * States of one request and the function that moves between them:
 *
 *   CLOSED  --ps_validate_sid--> OPEN (tsr_session_open: ID well formed,
 *                                known, alive; lock held per mode)
 *   CLOSED  --ps_validate_sid--> CLOSED + FAILURE (malformed, unknown or
 *                                expired ID: PHP issues a new one)
 *   CLOSED  --ps_validate_sid--> CLOSED + deferred error + SUCCESS (lock
 *                                wait limit, store failure, corrupt record:
 *                                returning FAILURE would silently replace
 *                                the user's session, so ps_read reports it)
 *   CLOSED  --ps_open-----------> as ps_validate_sid above, when a
 *                                SessionHandler object wraps this handler
 *                                (php_tessera_check_wrapped_id)
 *   CLOSED  --ps_read-----------> OPEN (tsr_session_create, only for an ID
 *                                ps_create_sid issued in this request)
 *   OPEN    --ps_write / ps_update_timestamp--> CLOSED (tsr_session_commit)
 *   OPEN    --ps_destroy--------> CLOSED (tsr_session_destroy)
 *   any     --ps_close----------> CLOSED (lock released, nothing written)
 *
 * Invariants: an ID is used only after tsr_session_open accepted it or
 * after ps_create_sid generated it; strict mode and cookie-only IDs are
 * forced between ps_open and ps_close whatever php.ini says; every failure
 * produces exactly one warning naming its cause (php_tessera_warn).
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "php.h"
#include "php_tessera.h"

#include "tessera/key.h"
#include "tessera/policy.h"
#include "tessera/sid.h"

PS_FUNCS_UPDATE_TIMESTAMP(tessera)

/* The handler PHP finds under session.save_handler = tessera. */
const ps_module ps_mod_tessera = {PS_MOD_UPDATE_TIMESTAMP(tessera)};

/* Any non-NULL value: PHP calls write, gc and close only while mod_data is set. */
static char php_tessera_mod_data_marker;

static int64_t php_tessera_now(void)
{
	return tsr_clock_now_ms();
}

static unsigned php_tessera_sid_bits(void)
{
	return (unsigned) TESSERA_G(sid_bits);
}

/* Turns a TSR_E* code and its detail into the text of a warning. */
static void php_tessera_describe(int code, const tsr_error *e, char *buf, size_t size)
{
	const char *detail = (e && e->err != TSR_OK && e->errstr[0]) ? e->errstr : "";
	const char *sep = detail[0] ? ": " : "";

	switch (code) {
	case TSR_ELOCKTIMEOUT:
		snprintf(buf, size, "lock wait limit of %g s reached (tessera.lock_wait_timeout)",
		         TESSERA_G(lock_wait_timeout));
		break;
	case TSR_EBADRECORD:
		snprintf(buf, size, "stored session record is corrupt and was left in place%s%s", sep,
		         detail);
		break;
	case TSR_EGONE:
		snprintf(buf, size, "session was destroyed by another request; changes were not saved");
		break;
	case TSR_EREADONLY:
		snprintf(buf, size,
		         "session is open read-only (tessera.lock_mode=read_only); changes were not "
		         "saved");
		break;
	case TSR_ELOCKLOST:
		snprintf(buf, size,
		         "session lock was taken over by another request; changes were not saved");
		break;
	case TSR_EBADDSN:
	case TSR_ENOSTORE:
		snprintf(buf, size, "session.save_path is not a usable store DSN: %s",
		         detail[0] ? detail : tsr_strerror(code));
		break;
	default:
		snprintf(buf, size, "%s", detail[0] ? detail : tsr_strerror(code));
		break;
	}
}

/* Emits one warning for 'code' with the detail in 'e'. */
static void php_tessera_warn_code(const char *what, int code, const tsr_error *e)
{
	char msg[PHP_TESSERA_MSG_SIZE];

	php_tessera_describe(code, e, msg, sizeof(msg));
	if (what) {
		php_tessera_warn("%s: %s", what, msg);
	} else {
		php_tessera_warn("%s", msg);
	}
}

tsr_lock_mode php_tessera_effective_mode(void)
{
	if (TESSERA_G(in_session_start) && TESSERA_G(read_and_close)) {
		return TSR_LOCK_READ_ONLY;
	}
	if (TESSERA_G(lock_mode) == PHP_TESSERA_LOCK_ON_WRITE) {
		return TSR_LOCK_NONE; /* read without a lock; the write merges (tessera_dropin.c) */
	}
	return (tsr_lock_mode) TESSERA_G(lock_mode);
}

/* True when the next open reads for an on_write merge (not inside read_and_close). */
static bool php_tessera_wants_on_write(void)
{
	return TESSERA_G(lock_mode) == PHP_TESSERA_LOCK_ON_WRITE &&
	       !(TESSERA_G(in_session_start) && TESSERA_G(read_and_close));
}

void php_tessera_policy(tsr_policy *p)
{
	zend_long idle = TESSERA_G(idle_timeout);
	zend_long absolute = TESSERA_G(absolute_timeout);

	if (idle <= 0) {
		idle = PS(gc_maxlifetime);
	}
	if (idle < 1) {
		idle = 1;
	}
	if ((uint64_t) idle > UINT32_MAX) {
		idle = UINT32_MAX;
	}
	if (absolute < 0) {
		absolute = 0;
	}
	if ((uint64_t) absolute > UINT32_MAX) {
		absolute = UINT32_MAX;
	}
	p->idle_timeout = (uint32_t) idle;
	p->absolute_timeout = (uint32_t) absolute;
}

/* tessera.lock_ttl in ms. */
static int php_tessera_lock_ttl_ms(void)
{
	return (int) (TESSERA_G(lock_ttl) * 1000);
}

/*
 * Copies the ini lock wait limit and lock lifetime into 'st': both may change
 * between requests, and every driver reads them at each acquisition.
 */
static void php_tessera_store_configure(tsr_store *st)
{
	double wait_ms = TESSERA_G(lock_wait_timeout) * 1000.0;

	st->config.lock_wait_ms = (int) llround(wait_ms);
	st->config.lock_ttl_ms = php_tessera_lock_ttl_ms();
}

/*
 * Makes TESSERA_G(store) the store named by 'dsn', reusing the one this
 * process already has open for the same DSN. Returns TSR_OK or the open error.
 */
static int php_tessera_store_get(const char *dsn, tsr_error *e)
{
	tsr_store_config config;
	tsr_store *st = NULL;
	char *copy;
	int rc;

	if (TESSERA_G(store) && TESSERA_G(store_dsn) && strcmp(TESSERA_G(store_dsn), dsn) == 0) {
		php_tessera_store_configure(TESSERA_G(store));
		return TSR_OK;
	}
	if (tsr_session_is_open(&TESSERA_G(session))) {
		/* session.save_path cannot change while a session is active; keep the handle. */
		return TSR_OK;
	}
	php_tessera_store_shutdown();

	config.lock_wait_ms = TSR_STORE_DEFAULT_LOCK_WAIT_MS;
	config.lock_ttl_ms = php_tessera_lock_ttl_ms();
	rc = tsr_store_open(dsn, &config, &st, e);
	if (rc != TSR_OK) {
		return rc;
	}
	copy = strdup(dsn);
	if (!copy) {
		tsr_store_close(st);
		return tsr_error_set(e, TSR_ENOMEM, "out of memory");
	}
	TESSERA_G(store) = st;
	TESSERA_G(store_dsn) = copy;
	php_tessera_store_configure(st);
	return TSR_OK;
}

void php_tessera_store_shutdown(void)
{
	if (TESSERA_G(store)) {
		tsr_store_close(TESSERA_G(store));
		TESSERA_G(store) = NULL;
	}
	free(TESSERA_G(store_dsn));
	TESSERA_G(store_dsn) = NULL;
}

/* Saves PHP's strict-mode settings once and forces strict, cookie-only IDs. */
static void php_tessera_force_strict(void)
{
	if (!TESSERA_G(forced)) {
		TESSERA_G(saved_use_strict_mode) = PS(use_strict_mode);
		TESSERA_G(saved_use_trans_sid) = PS(use_trans_sid);
		TESSERA_G(saved_use_only_cookies) = PS(use_only_cookies);
		TESSERA_G(forced) = true;
	}
	PS(use_strict_mode) = 1;
	PS(use_trans_sid) = 0;
	PS(use_only_cookies) = 1;
	PS(define_sid) = 0;
}

static void php_tessera_restore_strict(void)
{
	if (TESSERA_G(forced)) {
		PS(use_strict_mode) = TESSERA_G(saved_use_strict_mode);
		PS(use_trans_sid) = TESSERA_G(saved_use_trans_sid);
		PS(use_only_cookies) = TESSERA_G(saved_use_only_cookies);
		TESSERA_G(forced) = false;
	}
}

/* True when 'id' is the session cookie the client sent. */
static bool php_tessera_id_is_cookie(const zend_string *id)
{
	zval *arrays[2] = {NULL, NULL};
	zval *cookies, *value;
	int i;

	cookies = zend_hash_str_find(&EG(symbol_table), ZEND_STRL("_COOKIE"));
	arrays[0] = cookies;
	if (!Z_ISUNDEF(PG(http_globals)[TRACK_VARS_COOKIE])) {
		arrays[1] = &PG(http_globals)[TRACK_VARS_COOKIE];
	}
	for (i = 0; i < 2; i++) {
		if (!arrays[i]) {
			continue;
		}
		cookies = arrays[i];
		ZVAL_DEREF(cookies);
		if (Z_TYPE_P(cookies) != IS_ARRAY) {
			continue;
		}
		value = zend_hash_str_find(Z_ARRVAL_P(cookies), PS(session_name), strlen(PS(session_name)));
		if (!value) {
			continue;
		}
		ZVAL_DEREF(value);
		if (Z_TYPE_P(value) == IS_STRING && zend_string_equals(Z_STR_P(value), id)) {
			return true;
		}
	}
	return false;
}

/*
 * IDs come from cookies only: PHP may have taken one from the URL or POST
 * data (session.use_only_cookies=0) before ps_open. Such an ID is dropped,
 * so PHP asks ps_create_sid for a new one. An ID the application set with
 * session_id() before session_start() is kept (strict mode still checks it).
 */
static void php_tessera_drop_foreign_id(void)
{
	if (tsr_session_is_open(&TESSERA_G(session)) || !PS(id) || ZSTR_LEN(PS(id)) == 0) {
		return;
	}
	if (TESSERA_G(in_session_start) && TESSERA_G(id_preset)) {
		return;
	}
	if (php_tessera_id_is_cookie(PS(id))) {
		return;
	}
	zend_string_release(PS(id));
	PS(id) = NULL;
}

static void php_tessera_forget_session(void)
{
	tsr_session_close(&TESSERA_G(session));
	if (TESSERA_G(session_id)) {
		zend_string_release(TESSERA_G(session_id));
		TESSERA_G(session_id) = NULL;
	}
	if (TESSERA_G(snapshot)) {
		zend_string_release(TESSERA_G(snapshot));
		TESSERA_G(snapshot) = NULL;
	}
	TESSERA_G(on_write) = false;
}

/* Remembers, for an on_write session just opened, the payload as read. */
static void php_tessera_take_snapshot(void)
{
	const tsr_bytes *payload = &TESSERA_G(session).record.payload;

	TESSERA_G(on_write) = php_tessera_wants_on_write() && !TESSERA_G(session).is_new;
	if (TESSERA_G(on_write)) {
		TESSERA_G(snapshot) = zend_string_init((const char *) payload->data, payload->len, 0);
	}
}

void php_tessera_handler_reset(void)
{
	php_tessera_forget_session();
	if (TESSERA_G(created_id)) {
		zend_string_release(TESSERA_G(created_id));
		TESSERA_G(created_id) = NULL;
	}
	TESSERA_G(pending_err) = TSR_OK;
	TESSERA_G(pending_msg)[0] = '\0';
	TESSERA_G(handler_open) = false;
	php_tessera_restore_strict();
}

static bool php_tessera_is_open_for(const zend_string *key)
{
	return tsr_session_is_open(&TESSERA_G(session)) && TESSERA_G(session_id) &&
	       zend_string_equals(TESSERA_G(session_id), key);
}

/*
 * Existence check that disturbs nothing: format, then a lock-free look at
 * the store. Used for PHP's collision checks while a session is open and
 * by ps_create_sid. A store error counts as "does not exist".
 */
static bool php_tessera_id_exists(const char *sid, size_t len)
{
	tsr_bytes record = {NULL, 0};
	tsr_lock *lock = NULL;
	int64_t expires_at = 0;
	tsr_key key;
	int rc;

	if (tsr_sid_validate(sid, len, php_tessera_sid_bits()) != TSR_OK) {
		return false;
	}
	if (TESSERA_G(session_id) && ZSTR_LEN(TESSERA_G(session_id)) == len &&
	    memcmp(ZSTR_VAL(TESSERA_G(session_id)), sid, len) == 0) {
		return true;
	}
	if (!TESSERA_G(store) || tsr_key_from_sid(sid, len, &key, NULL) != TSR_OK) {
		return false;
	}
	rc = tsr_store_acquire(TESSERA_G(store), &key, TSR_LOCK_NONE, &lock, &record, &expires_at);
	tsr_bytes_free(&record);
	if (lock) {
		tsr_store_release(TESSERA_G(store), lock);
	}
	return rc == TSR_OK;
}

/* Remembers a failure found during validation for ps_read to report. */
static void php_tessera_defer(int code, const tsr_error *e)
{
	TESSERA_G(pending_err) = code;
	php_tessera_describe(code, e, TESSERA_G(pending_msg), sizeof(TESSERA_G(pending_msg)));
}

/* ps_validate_sid at session start: lock + read + timeout check of 'id'. */
static zend_result php_tessera_open_existing(zend_string *id)
{
	tsr_policy policy;
	tsr_error err;
	const char *why = NULL;
	int rc;

	php_tessera_forget_session();
	TESSERA_G(pending_err) = TSR_OK;
	tsr_error_clear(&err);

	if (!TESSERA_G(store)) {
		php_tessera_defer(TSR_EUNREACHABLE, NULL);
		return SUCCESS;
	}
	php_tessera_policy(&policy);
	rc = tsr_session_open(&TESSERA_G(session), TESSERA_G(store), ZSTR_VAL(id), ZSTR_LEN(id),
	                      php_tessera_sid_bits(), php_tessera_effective_mode(), &policy,
	                      php_tessera_now(), &why, &err);
	if (rc == TSR_OK) {
		if (!php_tessera_dropin_profile(&TESSERA_G(session))) {
			php_tessera_forget_session();
			return FAILURE; /* refused by the fingerprint policy: PHP issues a new ID */
		}
		if (TESSERA_G(session).forwarded) {
			/*
			 * The ID was regenerated less than the grace ago: the session
			 * lives under the new ID, which PHP now uses and sends as the
			 * cookie ('id' is PS(id), read again by PHP after we return).
			 */
			size_t len = 0;
			const char *sid = tsr_session_id(&TESSERA_G(session), &len);

			TESSERA_G(session_id) = zend_string_init(sid, len, 0);
			zend_string_release(PS(id));
			PS(id) = zend_string_copy(TESSERA_G(session_id));
			PS(send_cookie) = 1;
		} else {
			TESSERA_G(session_id) = zend_string_copy(id);
		}
		php_tessera_take_snapshot();
		return SUCCESS;
	}
	if (rc == TSR_ENOTFOUND || rc == TSR_EBADID) {
		return FAILURE; /* PHP issues a new ID */
	}
	php_tessera_defer(rc, &err);
	return SUCCESS;
}

/* ps_write and ps_update_timestamp: tsr_session_commit decides write or touch. */
static zend_result php_tessera_commit(zend_string *key, zend_string *val)
{
	tsr_error err;
	int rc;

	if (!php_tessera_is_open_for(key)) {
		php_tessera_warn("no session is open for this ID; changes were not saved");
		return FAILURE;
	}
	tsr_error_clear(&err);
	if (TESSERA_G(on_write) && TESSERA_G(snapshot)) {
		rc = php_tessera_dropin_merge(&TESSERA_G(session), TESSERA_G(snapshot), val,
		                              php_tessera_now(), &err);
	} else {
		rc = tsr_session_commit(&TESSERA_G(session), ZSTR_VAL(val), ZSTR_LEN(val),
		                        php_tessera_now(), &err);
	}
	php_tessera_forget_session();
	if (rc != TSR_OK) {
		php_tessera_warn_code(NULL, rc, &err);
		return FAILURE;
	}
	return SUCCESS;
}

/*
 * Under session_set_save_handler() with a SessionHandler object wrapping
 * this handler, PS(mod) is PHP's user module, whose validate_sid (unless the
 * class implements validateId()) accepts every ID without asking us, and
 * whose read then reaches ps_read with an ID nobody checked. So at open, the
 * ID PHP is about to use is checked and opened here as ps_validate_sid would
 * (php_tessera_open_existing); a malformed, unknown or expired ID is dropped
 * from PS(id), so PHP asks ps_create_sid for a new one (strict mode). Does
 * nothing when PHP drives this handler directly, when no ID was sent, or
 * when a session is already open (session_reset()).
 */
static void php_tessera_check_wrapped_id(void)
{
	if (PS(mod) == &ps_mod_tessera || !PS(id) || ZSTR_LEN(PS(id)) == 0 ||
	    tsr_session_is_open(&TESSERA_G(session))) {
		return;
	}
	if (php_tessera_open_existing(PS(id)) == FAILURE) {
		zend_string_release(PS(id));
		PS(id) = NULL;
	}
}

/* Handler callback: binds the request to the store named by 'save_path'. */
PS_OPEN_FUNC(tessera)
{
	tsr_error err;
	int rc;

	(void) session_name;
	tsr_error_clear(&err);
	rc = php_tessera_store_get(save_path, &err);
	if (rc != TSR_OK) {
		php_tessera_warn_code("cannot open the session store", rc, &err);
		return FAILURE;
	}
	php_tessera_force_strict();
	php_tessera_drop_foreign_id();
	TESSERA_G(handler_open) = true;
	PS_SET_MOD_DATA(&php_tessera_mod_data_marker);
	php_tessera_check_wrapped_id();
	return SUCCESS;
}

/* True while session_regenerate_id() hands the session moved by PS_DESTROY to its new ID. */
static bool php_tessera_regen_pending(void)
{
	return TESSERA_G(in_regenerate) && TESSERA_G(regen_id) != NULL;
}

/*
 * Handler callback: releases the lock and anything else held; never writes.
 * Inside session_regenerate_id(), after PS_DESTROY moved the session to its
 * new ID, the session (holding the new ID's lock) is kept for the PS_READ
 * that follows.
 */
PS_CLOSE_FUNC(tessera)
{
	if (php_tessera_regen_pending() && tsr_session_is_open(&TESSERA_G(session))) {
		TESSERA_G(handler_open) = false;
		PS_SET_MOD_DATA(NULL);
		return SUCCESS;
	}
	php_tessera_handler_reset();
	PS_SET_MOD_DATA(NULL);
	return SUCCESS;
}

/*
 * Handler callback: returns the payload of the session ps_validate_sid
 * opened, or starts a new empty session for an ID ps_create_sid issued.
 * A deferred failure becomes the one warning and FAILURE.
 */
PS_READ_FUNC(tessera)
{
	tsr_policy policy;
	tsr_error err;
	int rc;

	(void) maxlifetime;
	if (TESSERA_G(pending_err) != TSR_OK) {
		php_tessera_warn("%s", TESSERA_G(pending_msg));
		TESSERA_G(pending_err) = TSR_OK;
		TESSERA_G(pending_msg)[0] = '\0';
		return FAILURE;
	}
	if (php_tessera_is_open_for(key)) {
		const tsr_bytes *payload = &TESSERA_G(session).record.payload;

		*val = payload->len ? zend_string_init((const char *) payload->data, payload->len, 0)
		                    : ZSTR_EMPTY_ALLOC();
		return SUCCESS;
	}
	php_tessera_forget_session();
	if (!TESSERA_G(created_id) || !zend_string_equals(TESSERA_G(created_id), key)) {
		php_tessera_warn("refusing a session ID that was neither verified nor issued by Tessera");
		return FAILURE;
	}
	if (!TESSERA_G(store)) {
		php_tessera_warn_code(NULL, TSR_EUNREACHABLE, NULL);
		return FAILURE;
	}
	php_tessera_policy(&policy);
	tsr_error_clear(&err);
	rc = tsr_session_create(&TESSERA_G(session), TESSERA_G(store), ZSTR_VAL(key), ZSTR_LEN(key),
	                        php_tessera_sid_bits(), php_tessera_effective_mode(), &policy,
	                        php_tessera_now(), &err);
	if (rc != TSR_OK) {
		php_tessera_warn_code(NULL, rc, &err);
		return FAILURE;
	}
	php_tessera_dropin_profile(&TESSERA_G(session)); /* a new session adopts the profile */
	TESSERA_G(session_id) = zend_string_copy(key);
	*val = ZSTR_EMPTY_ALLOC();
	return SUCCESS;
}

/* Handler callback: stores 'val' (or only moves the deadline when unchanged). */
PS_WRITE_FUNC(tessera)
{
	(void) maxlifetime;
	return php_tessera_commit(key, val);
}

/* Handler callback: lazy write; the same commit, which touches an unchanged session. */
PS_UPDATE_TIMESTAMP_FUNC(tessera)
{
	(void) maxlifetime;
	return php_tessera_commit(key, val);
}

/*
 * session_regenerate_id(true) with a grace: instead of deleting 'key', moves
 * the open session to a fresh ID whose old one forwards for
 * tessera.regenerate_grace seconds (tsr_session_regenerate), and keeps it
 * open for PS_CREATE_SID / PS_READ. Returns TSR_OK or the failure.
 */
static int php_tessera_regenerate(tsr_error *err)
{
	char buf[TSR_SID_MAX_LEN + 1];
	size_t len;
	int rc;

	rc = tsr_sid_generate(php_tessera_sid_bits(), buf, sizeof(buf), err);
	if (rc != TSR_OK) {
		return rc;
	}
	len = strlen(buf);
	rc = tsr_session_regenerate(&TESSERA_G(session), buf, len,
	                            (uint32_t) TESSERA_G(regenerate_grace), php_tessera_now(), err);
	if (rc == TSR_OK) {
		if (TESSERA_G(session_id)) {
			zend_string_release(TESSERA_G(session_id));
		}
		TESSERA_G(session_id) = zend_string_init(buf, len, 0);
		if (TESSERA_G(regen_id)) {
			zend_string_release(TESSERA_G(regen_id));
		}
		TESSERA_G(regen_id) = zend_string_init(buf, len, 0);
	}
	ZEND_SECURE_ZERO(buf, sizeof(buf));
	return rc;
}

/* Handler callback: deletes session 'key' for good (locking it first when not open). */
PS_DESTROY_FUNC(tessera)
{
	tsr_session other;
	tsr_policy policy;
	tsr_error err;
	int rc;

	tsr_error_clear(&err);
	if (TESSERA_G(in_regenerate) && TESSERA_G(regenerate_grace) > 0 &&
	    php_tessera_is_open_for(key) && TESSERA_G(session).mode != TSR_LOCK_READ_ONLY &&
	    !TESSERA_G(session).is_new) {
		rc = php_tessera_regenerate(&err);
		if (rc != TSR_OK) {
			if (!tsr_session_is_open(&TESSERA_G(session))) {
				php_tessera_forget_session();
			}
			php_tessera_warn_code("cannot regenerate the session ID", rc, &err);
			return FAILURE;
		}
		return SUCCESS;
	}
	if (php_tessera_is_open_for(key)) {
		rc = tsr_session_destroy(&TESSERA_G(session), &err);
		php_tessera_forget_session();
	} else {
		if (!TESSERA_G(store) ||
		    tsr_sid_validate(ZSTR_VAL(key), ZSTR_LEN(key), php_tessera_sid_bits()) != TSR_OK) {
			return SUCCESS; /* nothing such can be stored */
		}
		tsr_session_init(&other);
		php_tessera_policy(&policy);
		rc = tsr_session_open(&other, TESSERA_G(store), ZSTR_VAL(key), ZSTR_LEN(key),
		                      php_tessera_sid_bits(), TSR_LOCK_EXCLUSIVE, &policy,
		                      php_tessera_now(), NULL, &err);
		if (rc == TSR_OK) {
			rc = tsr_session_destroy(&other, &err);
		} else if (rc == TSR_ENOTFOUND) {
			rc = TSR_OK;
		}
		tsr_session_close(&other);
	}
	if (rc != TSR_OK) {
		php_tessera_warn_code("cannot destroy the session", rc, &err);
		return FAILURE;
	}
	return SUCCESS;
}

/*
 * Handler callback: deletes every expired session. The store keeps each
 * session's own deadline, so 'maxlifetime' is not needed here.
 */
PS_GC_FUNC(tessera)
{
	uint64_t deleted = 0;
	int rc;

	(void) maxlifetime;
	if (!TESSERA_G(store)) {
		*nrdels = -1;
		return -1;
	}
	rc = tsr_store_gc(TESSERA_G(store), php_tessera_now(), &deleted);
	if (rc != TSR_OK) {
		php_tessera_warn_code("garbage collection failed", rc, tsr_store_error(TESSERA_G(store)));
		*nrdels = -1;
		return -1;
	}
	*nrdels = deleted > (uint64_t) ZEND_LONG_MAX ? ZEND_LONG_MAX : (zend_long) deleted;
	return *nrdels;
}

/* Handler callback: a new ID from the OS CSPRNG, tessera.sid_bits strong. */
PS_CREATE_SID_FUNC(tessera)
{
	char buf[TSR_SID_MAX_LEN + 1];
	zend_string *id = NULL;
	tsr_error err;
	size_t len;
	int attempt, rc;

	(void) mod_data;
	if (php_tessera_regen_pending()) {
		/* The ID PS_DESTROY already moved the session to. */
		id = zend_string_copy(TESSERA_G(regen_id));
		if (TESSERA_G(created_id)) {
			zend_string_release(TESSERA_G(created_id));
		}
		TESSERA_G(created_id) = zend_string_copy(id);
		return id;
	}
	len = tsr_sid_length(php_tessera_sid_bits());
	for (attempt = 0; attempt < 3; attempt++) {
		tsr_error_clear(&err);
		rc = tsr_sid_generate(php_tessera_sid_bits(), buf, sizeof(buf), &err);
		if (rc != TSR_OK) {
			php_tessera_warn_code("cannot create a session ID", rc, &err);
			break;
		}
		if (!php_tessera_id_exists(buf, len)) {
			id = zend_string_init(buf, len, 0);
			break;
		}
	}
	ZEND_SECURE_ZERO(buf, sizeof(buf));
	if (id) {
		if (TESSERA_G(created_id)) {
			zend_string_release(TESSERA_G(created_id));
		}
		TESSERA_G(created_id) = zend_string_copy(id);
	}
	return id;
}

/*
 * Handler callback. At session start (nothing open): opens 'key' for real
 * (php_tessera_open_existing). While a session is open (PHP's collision
 * checks in session_create_id() and session_regenerate_id()): only checks
 * format and existence. SUCCESS means "this ID exists".
 */
PS_VALIDATE_SID_FUNC(tessera)
{
	(void) mod_data;
	if (php_tessera_regen_pending() && zend_string_equals(key, TESSERA_G(regen_id))) {
		return FAILURE; /* ours: PHP's collision check must accept it */
	}
	if (tsr_session_is_open(&TESSERA_G(session))) {
		return php_tessera_id_exists(ZSTR_VAL(key), ZSTR_LEN(key)) ? SUCCESS : FAILURE;
	}
	return php_tessera_open_existing(key);
}
