/*
 * class_session_manager.c: Tessera\SessionManager, which starts sessions
 * from a cookie value and commits them, handing back the Set-Cookie value
 * instead of sending it; and its options and callbacks.
 *
 * start() in order:
 *   1. a cookie value is opened with tsr_session_open in the store mode of
 *      the lock mode. The lib follows a regeneration forward inside the
 *      grace (the session then has the NEW ID, which commit() returns as
 *      the cookie) and refuses malformed, unknown, expired, revoked and
 *      retired-after-grace IDs with a reason;
 *   2. with a Profile, the fingerprint is checked (tsr_session_profile_*):
 *      a change goes to onProfileChange, or is refused when there is none;
 *      a refused profile destroys the session;
 *   3. a forwarded ID is reported to onZombie;
 *   4. an ID not honoured (step 1 or 2) is reported to onInvalidId with the
 *      reason, then a new session with a fresh ID is made.
 * A callback that throws aborts start(); whatever was opened is released.
 *
 * commit() writes per the lock mode (php_tessera_session_save), then
 * decides the cookie: the session's ID when it is stored and the browser
 * does not have it yet (new, regenerated, forwarded) or when a cookie
 * lifetime is set (the expiry slides); an expiring cookie when the session
 * was destroyed, ended elsewhere, or a presented ID was replaced by a new
 * session that stayed empty; else null.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <math.h>

#include "php.h"
#include "zend_enum.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"

#include "tessera/forward.h"
#include "tessera/policy.h"
#include "tessera/profile.h"
#include "tessera/session.h"
#include "tessera/sid.h"
#include "tessera_classes.h"

static zend_object_handlers manager_handlers;

#define MANAGER_DEFAULT_COOKIE "TESSERA"
#define MANAGER_DEFAULT_IDLE 1440
#define MANAGER_DEFAULT_GRACE 30
#define MANAGER_MAX_WAIT_S 86400.0
#define MANAGER_MAX_TTL_S 86400
/* The reason onInvalidId gets when a profile change was refused. */
#define MANAGER_WHY_PROFILE "profile changed"

static zend_object *manager_create(zend_class_entry *ce)
{
	php_tessera_manager_obj *mo = zend_object_alloc(sizeof(php_tessera_manager_obj), ce);
	int i;

	zend_object_std_init(&mo->std, ce);
	object_properties_init(&mo->std, ce);
	mo->std.handlers = &manager_handlers;
	ZVAL_UNDEF(&mo->store);
	mo->ref = NULL;
	memset(&mo->opts, 0, sizeof(mo->opts));
	for (i = 0; i < PHP_TESSERA_CB_COUNT; i++) {
		ZVAL_UNDEF(&mo->callbacks[i]);
	}
	return &mo->std;
}

static void manager_free(zend_object *obj)
{
	php_tessera_manager_obj *mo = php_tessera_manager_from_obj(obj);
	int i;

	for (i = 0; i < PHP_TESSERA_CB_COUNT; i++) {
		zval_ptr_dtor(&mo->callbacks[i]);
		ZVAL_UNDEF(&mo->callbacks[i]);
	}
	php_tessera_cookie_opts_free(&mo->opts.cookie);
	php_tessera_store_ref_put(mo->ref);
	mo->ref = NULL;
	zval_ptr_dtor(&mo->store);
	ZVAL_UNDEF(&mo->store);
	zend_object_std_dtor(obj);
}

static HashTable *manager_get_gc(zend_object *obj, zval **table, int *n)
{
	php_tessera_manager_obj *mo = php_tessera_manager_from_obj(obj);
	zend_get_gc_buffer *buf = zend_get_gc_buffer_create();
	int i;

	zend_get_gc_buffer_add_zval(buf, &mo->store);
	for (i = 0; i < PHP_TESSERA_CB_COUNT; i++) {
		zend_get_gc_buffer_add_zval(buf, &mo->callbacks[i]);
	}
	zend_get_gc_buffer_use(buf, table, n);
	return zend_std_get_properties(obj);
}

/* Registers the handlers of Tessera\SessionManager: not clonable. */
void php_tessera_manager_minit(void)
{
	tessera_ce_SessionManager->create_object = manager_create;
	memcpy(&manager_handlers, zend_get_std_object_handlers(), sizeof(manager_handlers));
	manager_handlers.offset = XtOffsetOf(php_tessera_manager_obj, std);
	manager_handlers.free_obj = manager_free;
	manager_handlers.get_gc = manager_get_gc;
	manager_handlers.clone_obj = NULL;
}

/* ---- options --------------------------------------------------------------------- */

static void manager_option_error(const zend_string *key, const char *what)
{
	zend_argument_value_error(2, "option \"%s\" must be %s", ZSTR_VAL(key), what);
}

/* An int option within [min, max]. */
static bool manager_opt_long(const zend_string *key, zval *value, zend_long min, zend_long max,
                             const char *what, zend_long *out)
{
	if (Z_TYPE_P(value) != IS_LONG || Z_LVAL_P(value) < min || Z_LVAL_P(value) > max) {
		manager_option_error(key, what);
		return false;
	}
	*out = Z_LVAL_P(value);
	return true;
}

/* Fills 'o' with the defaults (see README-object-api.md). */
static void manager_defaults(php_tessera_options *o)
{
	o->cookie.name = zend_string_init(ZEND_STRL(MANAGER_DEFAULT_COOKIE), 0);
	o->cookie.domain = NULL;
	o->cookie.path = zend_string_init(ZEND_STRL("/"), 0);
	o->cookie.lifetime = 0;
	o->cookie.samesite = PHP_TESSERA_SAMESITE_LAX;
	o->cookie.secure = false;
	o->cookie.httponly = true;
	o->cookie.host_prefix = false;
	o->policy.idle_timeout = MANAGER_DEFAULT_IDLE;
	o->policy.absolute_timeout = 0;
	o->fp.ua = TSR_PROFILE_UA_STRICT;
	o->fp.ip = TSR_PROFILE_IP_OFF;
	o->regenerate_grace = MANAGER_DEFAULT_GRACE;
	o->lock_mode = PHP_TESSERA_MODE_EXCLUSIVE;
	o->lock_wait_ms = TSR_STORE_DEFAULT_LOCK_WAIT_MS;
	o->lock_ttl_ms = TSR_STORE_DEFAULT_LOCK_TTL_MS;
	o->sid_bits = TSR_SID_DEFAULT_BITS;
}

/* Parses one option that is not a cookie_* one. False with a ValueError thrown. */
static bool manager_option(php_tessera_options *o, const zend_string *key, zval *value)
{
	zend_long v;

	if (zend_string_equals_literal(key, "idle_timeout")) {
		if (!manager_opt_long(key, value, 1, INT32_MAX, "an int of seconds from 1 to 2147483647",
		                      &v)) {
			return false;
		}
		o->policy.idle_timeout = (uint32_t) v;
	} else if (zend_string_equals_literal(key, "absolute_timeout")) {
		if (!manager_opt_long(key, value, 0, INT32_MAX,
		                      "an int of seconds from 0 to 2147483647 (0 = off)", &v)) {
			return false;
		}
		o->policy.absolute_timeout = (uint32_t) v;
	} else if (zend_string_equals_literal(key, "regenerate_grace")) {
		if (!manager_opt_long(key, value, 0, TSR_FORWARD_MAX_GRACE_S,
		                      "an int of seconds from 0 to 86400", &v)) {
			return false;
		}
		o->regenerate_grace = (uint32_t) v;
	} else if (zend_string_equals_literal(key, "lock_ttl")) {
		if (!manager_opt_long(key, value, 1, MANAGER_MAX_TTL_S, "an int of seconds from 1 to 86400",
		                      &v)) {
			return false;
		}
		o->lock_ttl_ms = (int) v * 1000;
	} else if (zend_string_equals_literal(key, "sid_bits")) {
		if (!manager_opt_long(key, value, TSR_SID_MIN_BITS, TSR_SID_MAX_BITS,
		                      "an int from 128 to 384", &v)) {
			return false;
		}
		o->sid_bits = (unsigned) v;
	} else if (zend_string_equals_literal(key, "lock_wait_timeout")) {
		double s;

		if (Z_TYPE_P(value) == IS_LONG) {
			s = (double) Z_LVAL_P(value);
		} else if (Z_TYPE_P(value) == IS_DOUBLE) {
			s = Z_DVAL_P(value);
		} else {
			s = -1.0;
		}
		if (!(s >= 0.0 && s <= MANAGER_MAX_WAIT_S)) {
			manager_option_error(key,
			                     "an int or float of seconds from 0 to 86400 (0 = do not wait)");
			return false;
		}
		o->lock_wait_ms = (int) llround(s * 1000.0);
	} else if (zend_string_equals_literal(key, "lock_mode")) {
		zend_object *c = NULL;

		if (Z_TYPE_P(value) == IS_OBJECT && Z_OBJCE_P(value) == tessera_ce_LockMode) {
			c = Z_OBJ_P(value);
		} else if (Z_TYPE_P(value) == IS_STRING) {
			if (zend_enum_get_case_by_value(&c, tessera_ce_LockMode, 0, Z_STR_P(value), true) !=
			    SUCCESS) {
				c = NULL;
			}
		}
		if (c == NULL) {
			manager_option_error(key, "a Tessera\\LockMode or one of \"exclusive\", \"on_write\", "
			                          "\"read_only\", \"none\"");
			return false;
		}
		o->lock_mode = php_tessera_mode_from_enum(c);
	} else if (zend_string_equals_literal(key, "fingerprint_ua")) {
		if (Z_TYPE_P(value) != IS_STRING || zend_str_has_nul_byte(Z_STR_P(value)) ||
		    tsr_profile_ua_parse(Z_STRVAL_P(value), &o->fp.ua) != TSR_OK) {
			manager_option_error(key, "one of \"strict\", \"off\"");
			return false;
		}
	} else if (zend_string_equals_literal(key, "fingerprint_ip")) {
		if (Z_TYPE_P(value) != IS_STRING || zend_str_has_nul_byte(Z_STR_P(value)) ||
		    tsr_profile_ip_parse(Z_STRVAL_P(value), &o->fp.ip) != TSR_OK) {
			manager_option_error(key, "one of \"off\", \"subnet\", \"strict\"");
			return false;
		}
	} else {
		zend_argument_value_error(2, "contains an unknown option \"%s\"", ZSTR_VAL(key));
		return false;
	}
	return true;
}

/* Reads the options array 'ht' over the defaults in 'o'. False with a ValueError thrown. */
static bool manager_parse_options(php_tessera_options *o, HashTable *ht)
{
	zend_string *key;
	zend_ulong idx;
	zval *value;

	ZEND_HASH_FOREACH_KEY_VAL(ht, idx, key, value)
	{
		int rc;

		if (key == NULL) {
			zend_argument_value_error(2, "contains an unknown option " ZEND_LONG_FMT,
			                          (zend_long) idx);
			return false;
		}
		ZVAL_DEREF(value);
		rc = php_tessera_cookie_option(&o->cookie, key, value);
		if (rc < 0) {
			return false;
		}
		if (rc == 0 && !manager_option(o, key, value)) {
			return false;
		}
	}
	ZEND_HASH_FOREACH_END();
	return php_tessera_cookie_finish(&o->cookie, o->sid_bits);
}

/* ---- callbacks
 * ----------------------------------------------------------------------------------- */

/* Calls callback 'which' of 'mo' with 'argc' arguments. False when it threw (or is not callable).
 */
static bool manager_call(php_tessera_manager_obj *mo, int which, uint32_t argc, zval *argv,
                         zval *retval)
{
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	char *error = NULL;

	ZVAL_UNDEF(retval);
	if (zend_fcall_info_init(&mo->callbacks[which], 0, &fci, &fcc, NULL, &error) != SUCCESS) {
		zend_throw_error(NULL, "Tessera callback is not callable: %s", error ? error : "?");
		if (error) {
			efree(error);
		}
		return false;
	}
	if (error) {
		efree(error);
	}
	fci.retval = retval;
	fci.params = argv;
	fci.param_count = argc;
	if (zend_call_function(&fci, &fcc) != SUCCESS || EG(exception)) {
		zval_ptr_dtor(retval);
		ZVAL_UNDEF(retval);
		return false;
	}
	return true;
}

static bool manager_has(const php_tessera_manager_obj *mo, int which)
{
	return !Z_ISUNDEF(mo->callbacks[which]);
}

/* Calls callback 'which' with the one argument 'arg' (borrowed), dropping what it returns. False
 * when it threw. */
static bool manager_call_one(php_tessera_manager_obj *mo, int which, zval *arg)
{
	zval rv;
	bool ok = manager_call(mo, which, 1, arg, &rv);

	zval_ptr_dtor(&rv);
	return ok;
}

/* onInvalidId($reason), when set. False when it threw. */
static bool manager_report_invalid(php_tessera_manager_obj *mo, const char *why)
{
	zval arg;
	bool ok;

	if (!manager_has(mo, PHP_TESSERA_CB_INVALID_ID)) {
		return true;
	}
	ZVAL_STRING(&arg, why ? why : TSR_WHY_UNKNOWN);
	ok = manager_call_one(mo, PHP_TESSERA_CB_INVALID_ID, &arg);
	zval_ptr_dtor(&arg);
	return ok;
}

/* Stores 'callable' (or null: removes) as callback 'which'. */
static void manager_set_callback(INTERNAL_FUNCTION_PARAMETERS, int which)
{
	php_tessera_manager_obj *mo = php_tessera_manager_from_obj(Z_OBJ_P(ZEND_THIS));
	zend_fcall_info fci = empty_fcall_info;
	zend_fcall_info_cache fcc = empty_fcall_info_cache;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_FUNC_OR_NULL(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	zval_ptr_dtor(&mo->callbacks[which]);
	ZVAL_UNDEF(&mo->callbacks[which]);
	if (ZEND_FCI_INITIALIZED(fci)) {
		ZVAL_COPY(&mo->callbacks[which], &fci.function_name);
	}
}

/* ---- start ----------------------------------------------------------------------- */

/* The manager of 'this', or NULL with an Error when its constructor has not run. */
static php_tessera_manager_obj *manager_this(zval *this_zv)
{
	php_tessera_manager_obj *mo = php_tessera_manager_from_obj(Z_OBJ_P(this_zv));

	if (mo->ref == NULL) {
		zend_throw_error(NULL, "Tessera\\SessionManager is not initialised");
		return NULL;
	}
	return mo;
}

/* Gives the store this manager's lock settings (a Store may serve several managers). */
static void manager_configure(php_tessera_manager_obj *mo)
{
	mo->ref->st->config.lock_wait_ms = mo->opts.lock_wait_ms;
	mo->ref->st->config.lock_ttl_ms = mo->opts.lock_ttl_ms;
}

/* Decodes the known profiles of the OPEN 'sess' into an array of Tessera\Profile. */
static void manager_known_profiles(zval *rv, const tsr_session *sess)
{
	size_t i;

	array_init(rv);
	for (i = 0; i < sess->record.n_profiles; i++) {
		const tsr_bytes *b = &sess->record.profiles[i];
		tsr_profile p;
		zval obj;

		if (tsr_profile_decode(b->data, b->len, &p) != TSR_OK) {
			continue;
		}
		php_tessera_profile_from_lib(&obj, &p);
		add_next_index_zval(rv, &obj);
	}
}

/*
 * Destroys the session 'so' opened for a request whose profile was refused.
 * A read-only handle cannot delete, so the session is opened again
 * exclusively for it. Returns true, or false with an exception thrown.
 */
static bool manager_destroy_refused(php_tessera_manager_obj *mo, php_tessera_session_obj *so)
{
	char sid[TSR_SID_MAX_LEN + 1];
	tsr_policy policy = so->sess.policy;
	unsigned bits = so->sess.sid_bits;
	size_t len = so->sess.sid_len;
	tsr_error err;
	int rc;

	tsr_error_clear(&err);
	if (so->sess.mode != TSR_LOCK_READ_ONLY) {
		rc = tsr_session_destroy(&so->sess, &err);
	} else {
		memcpy(sid, so->sess.sid, len);
		sid[len] = '\0';
		tsr_session_close(&so->sess);
		rc = tsr_session_open(&so->sess, mo->ref->st, sid, len, bits, TSR_LOCK_EXCLUSIVE, &policy,
		                      tsr_clock_now_ms(), NULL, &err);
		ZEND_SECURE_ZERO(sid, sizeof(sid));
		if (rc == TSR_OK) {
			rc = tsr_session_destroy(&so->sess, &err);
		} else if (rc == TSR_ENOTFOUND) {
			rc = TSR_OK; /* gone already */
		}
	}
	tsr_session_close(&so->sess);
	if (rc != TSR_OK) {
		php_tessera_throw("cannot destroy a session whose profile was refused", rc, &err);
		return false;
	}
	return true;
}

/*
 * Checks the request's profile against the OPEN session (step 2 of
 * start()). Sets '*refused' when the session must not be used (it has been
 * destroyed). Returns false with an exception thrown.
 */
static bool manager_check_profile(php_tessera_manager_obj *mo, php_tessera_session_obj *so,
                                  zval *session_zv, zend_object *profile_obj, bool *refused)
{
	tsr_profile_verdict verdict;
	bool accept = false;
	tsr_error err;
	int rc;

	*refused = false;
	tsr_error_clear(&err);
	rc = tsr_session_profile_check(&so->sess, &mo->opts.fp, &so->profile, &verdict, &err);
	if (rc != TSR_OK) {
		php_tessera_throw("cannot check the session's profile", rc, &err);
		return false;
	}
	if (verdict != TSR_PROFILE_CHANGED) {
		return true;
	}
	if (manager_has(mo, PHP_TESSERA_CB_PROFILE_CHANGE)) {
		zval args[3], rv;
		bool ok;

		ZVAL_COPY(&args[0], session_zv);
		ZVAL_OBJ_COPY(&args[1], profile_obj);
		manager_known_profiles(&args[2], &so->sess);
		ok = manager_call(mo, PHP_TESSERA_CB_PROFILE_CHANGE, 3, args, &rv);
		zval_ptr_dtor(&args[0]);
		zval_ptr_dtor(&args[1]);
		zval_ptr_dtor(&args[2]);
		if (!ok) {
			return false;
		}
		accept = zend_is_true(&rv);
		zval_ptr_dtor(&rv);
		if (so->state != PHP_TESSERA_SESSION_OPEN || !tsr_session_is_open(&so->sess)) {
			/* The callback committed or destroyed the session itself. */
			*refused = !accept;
			return true;
		}
	}
	if (accept) {
		rc = tsr_session_profile_accept(&so->sess, &so->profile, 0, &err);
		if (rc != TSR_OK) {
			php_tessera_throw("cannot accept the new profile", rc, &err);
			return false;
		}
		return true;
	}
	*refused = true;
	return manager_destroy_refused(mo, so);
}

/*
 * Opens the session of a cookie value (steps 1-3 of start()). On success
 * '*why' is NULL and the session is OPEN; when the ID is not honoured,
 * '*why' says why (the session object stays unopened). False with an
 * exception thrown.
 */
static bool manager_open_cookie(php_tessera_manager_obj *mo, zval *session_zv,
                                php_tessera_session_obj *so, zend_string *cookie,
                                zend_object *profile_obj, const char **why)
{
	tsr_error err;
	bool refused = false;
	int rc;

	*why = NULL;
	tsr_error_clear(&err);
	rc = tsr_session_open(&so->sess, mo->ref->st, ZSTR_VAL(cookie), ZSTR_LEN(cookie),
	                      mo->opts.sid_bits, php_tessera_mode_store(so->mode), &mo->opts.policy,
	                      tsr_clock_now_ms(), why, &err);
	if (rc == TSR_ENOTFOUND) {
		if (*why == NULL) {
			*why = TSR_WHY_UNKNOWN;
		}
		return true;
	}
	*why = NULL;
	if (rc != TSR_OK) {
		php_tessera_throw("cannot open the session", rc, &err);
		return false;
	}
	if (!php_tessera_session_load(so)) {
		return false;
	}
	if (profile_obj) {
		if (!manager_check_profile(mo, so, session_zv, profile_obj, &refused)) {
			return false;
		}
		if (refused) {
			*why = MANAGER_WHY_PROFILE;
			return true;
		}
	}
	if (so->sess.forwarded && manager_has(mo, PHP_TESSERA_CB_ZOMBIE)) {
		return manager_call_one(mo, PHP_TESSERA_CB_ZOMBIE, session_zv);
	}
	return true;
}

/* Makes 'so' a brand-new session with a fresh ID (step 4 of start()). False with an exception. */
static bool manager_create_session(php_tessera_manager_obj *mo, php_tessera_session_obj *so)
{
	char sid[TSR_SID_MAX_LEN + 1];
	tsr_profile_verdict verdict;
	tsr_error err;
	int rc;

	tsr_error_clear(&err);
	rc = tsr_sid_generate(mo->opts.sid_bits, sid, sizeof(sid), &err);
	if (rc == TSR_OK) {
		/* Nobody else can know a fresh ID: its exclusive lock never waits. */
		rc = tsr_session_create(&so->sess, mo->ref->st, sid, strlen(sid), mo->opts.sid_bits,
		                        TSR_LOCK_EXCLUSIVE, &mo->opts.policy, tsr_clock_now_ms(), &err);
	}
	ZEND_SECURE_ZERO(sid, sizeof(sid));
	if (rc != TSR_OK) {
		php_tessera_throw("cannot create a session", rc, &err);
		return false;
	}
	if (!php_tessera_session_load(so)) {
		return false;
	}
	if (so->has_profile) {
		rc = tsr_session_profile_check(&so->sess, &mo->opts.fp, &so->profile, &verdict, &err);
		if (rc != TSR_OK) {
			php_tessera_throw("cannot record the session's profile", rc, &err);
			return false;
		}
	}
	return true;
}

/* SessionManager::__construct(Store $store, array $options = []) */
PHP_METHOD(Tessera_SessionManager, __construct)
{
	php_tessera_manager_obj *mo = php_tessera_manager_from_obj(Z_OBJ_P(ZEND_THIS));
	php_tessera_store_obj *store;
	php_tessera_options opts;
	HashTable *options = NULL;
	zval *store_zv;

	ZEND_PARSE_PARAMETERS_START(1, 2)
	Z_PARAM_OBJECT_OF_CLASS(store_zv, tessera_ce_Store)
	Z_PARAM_OPTIONAL
	Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (mo->ref != NULL) {
		zend_throw_error(NULL, "Tessera\\SessionManager is already initialised");
		RETURN_THROWS();
	}
	store = php_tessera_store_from_obj(Z_OBJ_P(store_zv));
	if (store->ref == NULL) {
		zend_argument_value_error(1, "must be an open store (Tessera\\Store::open())");
		RETURN_THROWS();
	}
	memset(&opts, 0, sizeof(opts));
	manager_defaults(&opts);
	if (options && !manager_parse_options(&opts, options)) {
		php_tessera_cookie_opts_free(&opts.cookie);
		RETURN_THROWS();
	}
	mo->opts = opts;
	ZVAL_COPY(&mo->store, store_zv);
	mo->ref = php_tessera_store_ref_get(store->ref);
}

/* SessionManager::start(?string $cookieValue, ?Profile $profile = null, ?LockMode $mode = null) */
PHP_METHOD(Tessera_SessionManager, start)
{
	zend_object *profile_obj = NULL, *mode_obj = NULL;
	php_tessera_manager_obj *mo;
	php_tessera_session_obj *so;
	zend_string *cookie = NULL;
	const char *why = NULL;
	php_tessera_mode mode;
	zval session_zv;
	tsr_error err;

	ZEND_PARSE_PARAMETERS_START(1, 3)
	Z_PARAM_STR_OR_NULL(cookie)
	Z_PARAM_OPTIONAL
	Z_PARAM_OBJ_OF_CLASS_OR_NULL(profile_obj, tessera_ce_Profile)
	Z_PARAM_OBJ_OF_CLASS_OR_NULL(mode_obj, tessera_ce_LockMode)
	ZEND_PARSE_PARAMETERS_END();

	if ((mo = manager_this(ZEND_THIS)) == NULL) {
		RETURN_THROWS();
	}
	mode = mode_obj ? php_tessera_mode_from_enum(mode_obj) : mo->opts.lock_mode;
	manager_configure(mo);

	so = php_tessera_session_new(&session_zv, Z_OBJ_P(ZEND_THIS), mode);
	if (profile_obj) {
		int rc;

		tsr_error_clear(&err);
		rc = php_tessera_profile_to_lib(profile_obj, tsr_clock_now_ms(), &so->profile, &err);
		if (rc != TSR_OK) {
			php_tessera_throw("cannot read the profile", rc, &err);
			goto fail;
		}
		so->has_profile = true;
	}
	if (cookie && ZSTR_LEN(cookie) > 0) {
		so->cookie_in = zend_string_copy(cookie);
		if (!manager_open_cookie(mo, &session_zv, so, cookie, profile_obj, &why)) {
			goto fail;
		}
		if (why == NULL) {
			RETURN_COPY_VALUE(&session_zv);
		}
		/* Not honoured: whatever was opened is released before anyone is told. */
		tsr_session_close(&so->sess);
		so->state = PHP_TESSERA_SESSION_OPEN;
		if (!manager_report_invalid(mo, why)) {
			goto fail;
		}
	}
	if (!manager_create_session(mo, so)) {
		goto fail;
	}
	RETURN_COPY_VALUE(&session_zv);

fail:
	zval_ptr_dtor(&session_zv);
	RETURN_THROWS();
}

/* SessionManager::commit(Session $session): ?string — the Set-Cookie value to send, or null. */
PHP_METHOD(Tessera_SessionManager, commit)
{
	php_tessera_manager_obj *mo;
	php_tessera_session_obj *so;
	zval *session_zv;
	bool stored = false;
	tsr_error err;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_OBJECT_OF_CLASS(session_zv, tessera_ce_Session)
	ZEND_PARSE_PARAMETERS_END();

	if ((mo = manager_this(ZEND_THIS)) == NULL) {
		RETURN_THROWS();
	}
	so = php_tessera_session_from_obj(Z_OBJ_P(session_zv));
	if (so->manager != Z_OBJ_P(ZEND_THIS)) {
		zend_throw_exception(tessera_ce_InvalidSessionException,
		                     "the session belongs to another SessionManager", 0);
		RETURN_THROWS();
	}
	if (so->state == PHP_TESSERA_SESSION_DESTROYED) {
		RETURN_STR(php_tessera_cookie_build(&mo->opts.cookie, NULL, true));
	}
	manager_configure(mo);
	tsr_error_clear(&err);
	rc = php_tessera_session_save(so, &stored, &err);
	if (rc == PHP_TESSERA_THROWN) {
		RETURN_THROWS();
	}
	if (rc == TSR_ELOCKLOST && manager_has(mo, PHP_TESSERA_CB_LOCK_LOST)) {
		if (!manager_call_one(mo, PHP_TESSERA_CB_LOCK_LOST, session_zv)) {
			RETURN_THROWS();
		}
		RETURN_NULL();
	}
	if (rc == TSR_EGONE) {
		zend_throw_exception(tessera_ce_InvalidSessionException,
		                     "the session was destroyed by another request; this request's "
		                     "changes were not saved",
		                     TSR_EGONE);
		RETURN_THROWS();
	}
	if (rc != TSR_OK) {
		php_tessera_throw("cannot save the session", rc, &err);
		RETURN_THROWS();
	}
	if (!stored) {
		/* Nothing stored: a cookie the browser sent is of no use any more. */
		if (so->cookie_in || so->gone) {
			RETURN_STR(php_tessera_cookie_build(&mo->opts.cookie, NULL, true));
		}
		RETURN_NULL();
	}
	if (so->cookie_in == NULL || !zend_string_equals(so->cookie_in, so->id) ||
	    mo->opts.cookie.lifetime > 0) {
		RETURN_STR(php_tessera_cookie_build(&mo->opts.cookie, so->id, false));
	}
	RETURN_NULL();
}

/* SessionManager::cookieName(): string */
PHP_METHOD(Tessera_SessionManager, cookieName)
{
	php_tessera_manager_obj *mo;

	ZEND_PARSE_PARAMETERS_NONE();
	if ((mo = manager_this(ZEND_THIS)) == NULL) {
		RETURN_THROWS();
	}
	RETURN_STR_COPY(mo->opts.cookie.name);
}

/* SessionManager::onProfileChange(?callable): fn(Session, Profile $new, array $known): bool */
PHP_METHOD(Tessera_SessionManager, onProfileChange)
{
	manager_set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, PHP_TESSERA_CB_PROFILE_CHANGE);
}

/* SessionManager::onZombie(?callable): fn(Session) for each use of a forwarded ID. */
PHP_METHOD(Tessera_SessionManager, onZombie)
{
	manager_set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, PHP_TESSERA_CB_ZOMBIE);
}

/* SessionManager::onInvalidId(?callable): fn(string $reason) before a new session is issued. */
PHP_METHOD(Tessera_SessionManager, onInvalidId)
{
	manager_set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, PHP_TESSERA_CB_INVALID_ID);
}

/* SessionManager::onLockLost(?callable): fn(Session) instead of LockLostException. */
PHP_METHOD(Tessera_SessionManager, onLockLost)
{
	manager_set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, PHP_TESSERA_CB_LOCK_LOST);
}
