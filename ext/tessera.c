/*
 * tessera.c: the Tessera PHP extension's module: ini settings, globals,
 * the wrappers around ext/session's functions, and the PHP functions of
 * namespace Tessera (version(), session_info()).
 *
 * ini settings (all documented in README.md; invalid values are refused by
 * their OnUpdate handler: ini_set() returns false and a warning names what
 * is allowed):
 *
 *   tessera.lock_mode = exclusive      PHP_INI_ALL
 *       exclusive: lock on open, held until write/close; on_write: read
 *       without waiting, merge the changed top-level keys at write under a
 *       short lock; read_only: snapshot read that never waits, changes
 *       refused; none: no lock, whole-record last writer wins.
 *   tessera.lock_wait_timeout = 30     PHP_INI_ALL
 *       seconds (decimals allowed, "0.5") a request waits for another
 *       request's lock; 0 = do not wait. At most 86400.
 *   tessera.lock_ttl = 60              PHP_INI_ALL
 *       seconds a lock lives on stores where a crashed holder cannot release
 *       it (network stores); 1 to 86400.
 *   tessera.idle_timeout = 0           PHP_INI_ALL
 *       seconds of inactivity after which a session is dead; 0 = use
 *       session.gc_maxlifetime.
 *   tessera.absolute_timeout = 0       PHP_INI_ALL
 *       seconds after creation after which a session is dead however active;
 *       0 = off.
 *   tessera.sid_bits = 192             PHP_INI_SYSTEM | PHP_INI_PERDIR
 *       strength of new session IDs, 128 to 384 bits (6 bits a character).
 *   tessera.fingerprint_ua = strict    PHP_INI_ALL
 *       strict: a session used with another User-Agent is destroyed and a
 *       new ID issued; off: the User-Agent is not compared.
 *   tessera.fingerprint_ip = off       PHP_INI_ALL
 *       off | subnet (same /24 IPv4, /64 IPv6) | strict (same address).
 *       For both, an empty value (a bare off in php.ini) means off.
 *   tessera.regenerate_grace = 30      PHP_INI_ALL
 *       seconds an old ID keeps working (forwarding to the new one) after
 *       session_regenerate_id(true); 0 = deleted at once. 0 to 86400.
 *
 * Function wrappers: PHP tells a save handler nothing about
 * session_start(['read_and_close' => true]), and after a handler's own
 * warning it adds a generic one ("Failed to read session data"). MINIT
 * therefore replaces the handlers of session_start() and the other session
 * functions that reach the save handler with wrappers that record the
 * options, call the original, and restore EG(error_reporting) exactly if
 * php_tessera_warn() masked E_WARNING meanwhile.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

#include "php.h"
#include "php_ini.h"
#include "ext/standard/info.h"
#include "zend_exceptions.h"

#include "ext/spl/spl_exceptions.h"
#include "zend_enum.h"

#include "php_tessera.h"
#include "tessera_arginfo.h"
#include "tessera_classes.h"

#include "tessera/forward.h"
#include "tessera/policy.h"
#include "tessera/profile.h"
#include "tessera/sid.h"

ZEND_DECLARE_MODULE_GLOBALS(tessera)

#define PHP_TESSERA_MAX_WAIT_SECONDS 86400.0
#define PHP_TESSERA_MAX_TTL_SECONDS 86400
#define PHP_TESSERA_MAX_TIMEOUT_SECONDS 2147483647

/* ---- ini ---------------------------------------------------------------- */

/* Warns that 'entry' cannot take 'value'; 'allowed' says what it can take. */
static void php_tessera_ini_refuse(const zend_ini_entry *entry, const zend_string *value,
                                   const char *allowed, int stage)
{
	if (stage == ZEND_INI_STAGE_DEACTIVATE) {
		return;
	}
	php_error_docref(NULL, E_WARNING, "%s must be %s, \"%s\" given", ZSTR_VAL(entry->name), allowed,
	                 ZSTR_VAL(value));
}

/* Parses a whole decimal integer (digits only) within [min, max]. */
static bool php_tessera_parse_integer(const zend_string *value, zend_long min, zend_long max,
                                      zend_long *out)
{
	const char *p = ZSTR_VAL(value);
	size_t i, len = ZSTR_LEN(value);
	zend_long v = 0;

	if (len == 0 || len > 19) {
		return false;
	}
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9') {
			return false;
		}
		v = v * 10 + (p[i] - '0');
		if (v > max) {
			return false;
		}
	}
	if (v < min) {
		return false;
	}
	*out = v;
	return true;
}

/* Parses seconds written as digits with at most one '.', within [0, max]. */
static bool php_tessera_parse_seconds(const zend_string *value, double max, double *out)
{
	const char *p = ZSTR_VAL(value);
	size_t i, len = ZSTR_LEN(value);
	bool dot = false, digit = false;
	const char *end = NULL;
	double v;

	if (len == 0 || len > 32) {
		return false;
	}
	for (i = 0; i < len; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			digit = true;
		} else if (p[i] == '.' && !dot) {
			dot = true;
		} else {
			return false;
		}
	}
	if (!digit) {
		return false;
	}
	v = zend_strtod(p, &end);
	if (end != p + len || !(v >= 0.0) || v > max) {
		return false;
	}
	*out = v;
	return true;
}

static ZEND_INI_MH(OnUpdateTesseraLockMode)
{
	tsr_lock_mode mode;

	if (zend_string_equals_literal(new_value, "on_write")) {
		*(zend_long *) ZEND_INI_GET_ADDR() = PHP_TESSERA_LOCK_ON_WRITE;
		return SUCCESS;
	}
	if (zend_str_has_nul_byte(new_value) ||
	    tsr_lock_mode_parse(ZSTR_VAL(new_value), &mode) != TSR_OK) {
		/* A bare none in php.ini is the ini keyword for an empty value. */
		php_tessera_ini_refuse(
		    entry, new_value,
		    ZSTR_LEN(new_value) == 0
		        ? "one of exclusive, on_write, read_only, none (in php.ini write "
		          "\"none\" in quotes: a bare none is an empty value)"
		        : "one of exclusive, on_write, read_only, none",
		    stage);
		return FAILURE;
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = (zend_long) mode;
	return SUCCESS;
}

/*
 * A bare off in php.ini is the ini keyword for an empty value: for the
 * fingerprint settings an empty value therefore means off.
 */
static ZEND_INI_MH(OnUpdateTesseraFingerprintUa)
{
	tsr_profile_ua_mode mode = TSR_PROFILE_UA_OFF;

	if (ZSTR_LEN(new_value) > 0 && (zend_str_has_nul_byte(new_value) ||
	                                tsr_profile_ua_parse(ZSTR_VAL(new_value), &mode) != TSR_OK)) {
		php_tessera_ini_refuse(entry, new_value, "one of strict, off", stage);
		return FAILURE;
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = (zend_long) mode;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateTesseraFingerprintIp)
{
	tsr_profile_ip_mode mode = TSR_PROFILE_IP_OFF;

	if (ZSTR_LEN(new_value) > 0 && (zend_str_has_nul_byte(new_value) ||
	                                tsr_profile_ip_parse(ZSTR_VAL(new_value), &mode) != TSR_OK)) {
		php_tessera_ini_refuse(entry, new_value, "one of off, subnet, strict", stage);
		return FAILURE;
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = (zend_long) mode;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateTesseraGrace)
{
	zend_long v;

	if (!php_tessera_parse_integer(new_value, 0, TSR_FORWARD_MAX_GRACE_S, &v)) {
		php_tessera_ini_refuse(entry, new_value,
		                       "a whole number of seconds from 0 to 86400 (0 = no forwarding)",
		                       stage);
		return FAILURE;
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = v;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateTesseraWait)
{
	double v;

	if (!php_tessera_parse_seconds(new_value, PHP_TESSERA_MAX_WAIT_SECONDS, &v)) {
		php_tessera_ini_refuse(
		    entry, new_value,
		    "a number of seconds from 0 to 86400 (decimals allowed; 0 = do not wait)", stage);
		return FAILURE;
	}
	*(double *) ZEND_INI_GET_ADDR() = v;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateTesseraTtl)
{
	zend_long v;

	if (!php_tessera_parse_integer(new_value, 1, PHP_TESSERA_MAX_TTL_SECONDS, &v)) {
		php_tessera_ini_refuse(entry, new_value, "a whole number of seconds from 1 to 86400",
		                       stage);
		return FAILURE;
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = v;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateTesseraIdle)
{
	zend_long v;

	if (!php_tessera_parse_integer(new_value, 0, PHP_TESSERA_MAX_TIMEOUT_SECONDS, &v)) {
		php_tessera_ini_refuse(
		    entry, new_value,
		    "a whole number of seconds from 0 to 2147483647 (0 = session.gc_maxlifetime)", stage);
		return FAILURE;
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = v;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateTesseraAbsolute)
{
	zend_long v;

	if (!php_tessera_parse_integer(new_value, 0, PHP_TESSERA_MAX_TIMEOUT_SECONDS, &v)) {
		php_tessera_ini_refuse(entry, new_value,
		                       "a whole number of seconds from 0 to 2147483647 (0 = off)", stage);
		return FAILURE;
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = v;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateTesseraSidBits)
{
	zend_long v;

	if (!php_tessera_parse_integer(new_value, TSR_SID_MIN_BITS, TSR_SID_MAX_BITS, &v)) {
		php_tessera_ini_refuse(entry, new_value, "a whole number of bits from 128 to 384", stage);
		return FAILURE;
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = v;
	return SUCCESS;
}

/* clang-format off */
PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("tessera.lock_mode", "exclusive", PHP_INI_ALL, OnUpdateTesseraLockMode,
		lock_mode, zend_tessera_globals, tessera_globals)
	STD_PHP_INI_ENTRY("tessera.lock_wait_timeout", "30", PHP_INI_ALL, OnUpdateTesseraWait,
		lock_wait_timeout, zend_tessera_globals, tessera_globals)
	STD_PHP_INI_ENTRY("tessera.lock_ttl", "60", PHP_INI_ALL, OnUpdateTesseraTtl,
		lock_ttl, zend_tessera_globals, tessera_globals)
	STD_PHP_INI_ENTRY("tessera.idle_timeout", "0", PHP_INI_ALL, OnUpdateTesseraIdle,
		idle_timeout, zend_tessera_globals, tessera_globals)
	STD_PHP_INI_ENTRY("tessera.absolute_timeout", "0", PHP_INI_ALL, OnUpdateTesseraAbsolute,
		absolute_timeout, zend_tessera_globals, tessera_globals)
	STD_PHP_INI_ENTRY("tessera.sid_bits", "192", PHP_INI_SYSTEM | PHP_INI_PERDIR,
		OnUpdateTesseraSidBits, sid_bits, zend_tessera_globals, tessera_globals)
	STD_PHP_INI_ENTRY("tessera.fingerprint_ua", "strict", PHP_INI_ALL, OnUpdateTesseraFingerprintUa,
		fingerprint_ua, zend_tessera_globals, tessera_globals)
	STD_PHP_INI_ENTRY("tessera.fingerprint_ip", "off", PHP_INI_ALL, OnUpdateTesseraFingerprintIp,
		fingerprint_ip, zend_tessera_globals, tessera_globals)
	STD_PHP_INI_ENTRY("tessera.regenerate_grace", "30", PHP_INI_ALL, OnUpdateTesseraGrace,
		regenerate_grace, zend_tessera_globals, tessera_globals)
PHP_INI_END()
/* clang-format on */

/* ---- warnings ----------------------------------------------------------- */

void php_tessera_warn(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	php_error_docref(NULL, E_WARNING, "Tessera: %s", msg);
	if (TESSERA_G(hook_depth) > 0 && !TESSERA_G(warnings_masked)) {
		TESSERA_G(saved_error_reporting) = EG(error_reporting);
		EG(error_reporting) &= ~E_WARNING;
		TESSERA_G(warnings_masked) = true;
	}
}

static void php_tessera_unmask(void)
{
	if (TESSERA_G(warnings_masked)) {
		EG(error_reporting) = (int) TESSERA_G(saved_error_reporting);
		TESSERA_G(warnings_masked) = false;
	}
}

/* ---- wrappers around ext/session's functions ------------------------------ */

enum {
	PHP_TESSERA_HOOK_START = 0,
	PHP_TESSERA_HOOK_WRITE_CLOSE,
	PHP_TESSERA_HOOK_COMMIT,
	PHP_TESSERA_HOOK_REGENERATE_ID,
	PHP_TESSERA_HOOK_RESET,
	PHP_TESSERA_HOOK_DESTROY,
	PHP_TESSERA_HOOK_GC,
	PHP_TESSERA_HOOK_CREATE_ID,
	PHP_TESSERA_HOOK_COUNT
};

typedef struct php_tessera_hook {
	const char *name;
	zif_handler wrapper;
	zif_handler original; /* NULL when not installed */
	zend_function *func;
} php_tessera_hook;

static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_start);
static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_write_close);
static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_commit);
static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_regenerate_id);
static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_reset);
static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_destroy);
static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_gc);
static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_create_id);

/* Written only in MINIT and MSHUTDOWN (process-wide, like the function table). */
static php_tessera_hook php_tessera_hooks[PHP_TESSERA_HOOK_COUNT] = {
    [PHP_TESSERA_HOOK_START] = {"session_start", php_tessera_wrap_session_start, NULL, NULL},
    [PHP_TESSERA_HOOK_WRITE_CLOSE] = {"session_write_close", php_tessera_wrap_session_write_close,
                                      NULL, NULL},
    [PHP_TESSERA_HOOK_COMMIT] = {"session_commit", php_tessera_wrap_session_commit, NULL, NULL},
    [PHP_TESSERA_HOOK_REGENERATE_ID] = {"session_regenerate_id",
                                        php_tessera_wrap_session_regenerate_id, NULL, NULL},
    [PHP_TESSERA_HOOK_RESET] = {"session_reset", php_tessera_wrap_session_reset, NULL, NULL},
    [PHP_TESSERA_HOOK_DESTROY] = {"session_destroy", php_tessera_wrap_session_destroy, NULL, NULL},
    [PHP_TESSERA_HOOK_GC] = {"session_gc", php_tessera_wrap_session_gc, NULL, NULL},
    [PHP_TESSERA_HOOK_CREATE_ID] = {"session_create_id", php_tessera_wrap_session_create_id, NULL,
                                    NULL},
};

static void php_tessera_hooks_install(void)
{
	size_t i;

	for (i = 0; i < PHP_TESSERA_HOOK_COUNT; i++) {
		php_tessera_hook *h = &php_tessera_hooks[i];
		zend_function *f = zend_hash_str_find_ptr(CG(function_table), h->name, strlen(h->name));

		if (f && f->type == ZEND_INTERNAL_FUNCTION && f->internal_function.handler) {
			h->func = f;
			h->original = f->internal_function.handler;
			f->internal_function.handler = h->wrapper;
		}
	}
}

static void php_tessera_hooks_remove(void)
{
	size_t i;

	for (i = 0; i < PHP_TESSERA_HOOK_COUNT; i++) {
		php_tessera_hook *h = &php_tessera_hooks[i];

		if (h->func && h->original && h->func->internal_function.handler == h->wrapper) {
			h->func->internal_function.handler = h->original;
		}
		h->func = NULL;
		h->original = NULL;
	}
}

/* Runs the original handler of hook 'idx'; restores EG(error_reporting) on the way out. */
static void php_tessera_call_original(size_t idx, INTERNAL_FUNCTION_PARAMETERS)
{
	bool outermost = TESSERA_G(hook_depth) == 0;
	bool bailed = false;

	TESSERA_G(hook_depth)++;
	/* clang-format off */
	zend_try {
		php_tessera_hooks[idx].original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
	} zend_catch {
		bailed = true;
	} zend_end_try();
	/* clang-format on */
	TESSERA_G(hook_depth)--;
	if (outermost) {
		php_tessera_unmask();
	}
	if (bailed) {
		zend_bailout();
	}
}

/* Reads session_start()'s read_and_close option the way PHP will (> 0 is true). */
static bool php_tessera_wants_read_and_close(zend_execute_data *execute_data)
{
	zval *options, *value;
	zend_long n = 0;

	if (ZEND_NUM_ARGS() < 1) {
		return false;
	}
	options = ZEND_CALL_ARG(execute_data, 1);
	ZVAL_DEREF(options);
	if (Z_TYPE_P(options) != IS_ARRAY) {
		return false;
	}
	value = zend_hash_str_find(Z_ARRVAL_P(options), ZEND_STRL("read_and_close"));
	if (!value) {
		return false;
	}
	ZVAL_DEREF(value);
	switch (Z_TYPE_P(value)) {
	case IS_TRUE:
	case IS_FALSE:
	case IS_LONG:
		n = zval_get_long(value);
		break;
	case IS_STRING:
		if (is_numeric_str_function(Z_STR_P(value), &n, NULL) != IS_LONG) {
			n = 0;
		}
		break;
	default:
		break;
	}
	return n > 0;
}

static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_start)
{
	bool saved_in = TESSERA_G(in_session_start);
	bool saved_rac = TESSERA_G(read_and_close);
	bool saved_preset = TESSERA_G(id_preset);

	TESSERA_G(read_and_close) = php_tessera_wants_read_and_close(execute_data);
	TESSERA_G(id_preset) = PS(id) != NULL && ZSTR_LEN(PS(id)) > 0;
	TESSERA_G(in_session_start) = true;
	php_tessera_call_original(PHP_TESSERA_HOOK_START, INTERNAL_FUNCTION_PARAM_PASSTHRU);
	TESSERA_G(in_session_start) = saved_in;
	TESSERA_G(read_and_close) = saved_rac;
	TESSERA_G(id_preset) = saved_preset;
}

#define PHP_TESSERA_SIMPLE_WRAPPER(fname, idx)                                                     \
	static ZEND_NAMED_FUNCTION(php_tessera_wrap_##fname)                                           \
	{                                                                                              \
		php_tessera_call_original(idx, INTERNAL_FUNCTION_PARAM_PASSTHRU);                          \
	}

PHP_TESSERA_SIMPLE_WRAPPER(session_write_close, PHP_TESSERA_HOOK_WRITE_CLOSE)
PHP_TESSERA_SIMPLE_WRAPPER(session_commit, PHP_TESSERA_HOOK_COMMIT)
/*
 * session_regenerate_id(): PS_DESTROY (delete_old_session = true) moves the
 * session to a new ID with a forward for tessera.regenerate_grace, and
 * PS_CREATE_SID hands PHP that ID (mod_tessera.c). Whatever the call
 * leaves behind of that hand-over is cleared here.
 */
static ZEND_NAMED_FUNCTION(php_tessera_wrap_session_regenerate_id)
{
	bool saved = TESSERA_G(in_regenerate);

	TESSERA_G(in_regenerate) = true;
	php_tessera_call_original(PHP_TESSERA_HOOK_REGENERATE_ID, INTERNAL_FUNCTION_PARAM_PASSTHRU);
	TESSERA_G(in_regenerate) = saved;
	if (TESSERA_G(regen_id)) {
		zend_string_release(TESSERA_G(regen_id));
		TESSERA_G(regen_id) = NULL;
	}
	if (PS(session_status) != php_session_active) {
		php_tessera_handler_reset();
	}
}
PHP_TESSERA_SIMPLE_WRAPPER(session_reset, PHP_TESSERA_HOOK_RESET)
PHP_TESSERA_SIMPLE_WRAPPER(session_destroy, PHP_TESSERA_HOOK_DESTROY)
PHP_TESSERA_SIMPLE_WRAPPER(session_gc, PHP_TESSERA_HOOK_GC)
PHP_TESSERA_SIMPLE_WRAPPER(session_create_id, PHP_TESSERA_HOOK_CREATE_ID)

/* ---- PHP functions ---------------------------------------------------------- */

/* Tessera\version(): the extension's version string. */
PHP_FUNCTION(Tessera_version)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING(PHP_TESSERA_VERSION);
}

/* Tessera\session_info(): what Tessera knows of the active drop-in session, or null. */
PHP_FUNCTION(Tessera_session_info)
{
	const tsr_session *s = &TESSERA_G(session);
	zend_string *hint;
	tsr_policy policy;
	int64_t now, expires;
	size_t n;

	ZEND_PARSE_PARAMETERS_NONE();

	if (PS(session_status) != php_session_active || PS(mod) != &ps_mod_tessera ||
	    !tsr_session_is_open(s) || !PS(id) || !TESSERA_G(store)) {
		RETURN_NULL();
	}
	now = tsr_clock_now_ms();
	php_tessera_policy(&policy);
	n = ZSTR_LEN(PS(id)) < 6 ? ZSTR_LEN(PS(id)) : 6;
	hint = zend_string_concat2(ZSTR_VAL(PS(id)), n, "\xE2\x80\xA6", 3); /* U+2026 */

	array_init(return_value);
	add_assoc_str(return_value, "id_hint", hint);
	add_assoc_long(return_value, "created", (zend_long) (s->record.created_at / 1000));
	add_assoc_long(return_value, "last_active", (zend_long) (s->record.last_active / 1000));
	/* A read_only session is not touched at the end: its stored deadline stands. */
	expires = (s->mode == TSR_LOCK_READ_ONLY && !s->is_new)
	              ? s->expires_at
	              : tsr_policy_expires_at(&policy, &s->record, now);
	add_assoc_long(return_value, "expires", (zend_long) (expires / 1000));
	/* An on_write session is read without a lock (NONE); say what was asked for. */
	add_assoc_string(return_value, "lock_mode",
	                 (TESSERA_G(on_write) || (s->mode == TSR_LOCK_NONE &&
	                                          TESSERA_G(lock_mode) == PHP_TESSERA_LOCK_ON_WRITE))
	                     ? "on_write"
	                     : tsr_lock_mode_name(s->mode));
	add_assoc_string(return_value, "store", tsr_store_name(TESSERA_G(store)));
	add_assoc_bool(return_value, "new", s->is_new);
}

/* ---- module ------------------------------------------------------------------ */

static PHP_GINIT_FUNCTION(tessera)
{
#if defined(COMPILE_DL_TESSERA) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(tessera_globals, 0, sizeof(*tessera_globals));
	tsr_session_init(&tessera_globals->session);
	tessera_globals->pending_err = TSR_OK;
}

static PHP_GSHUTDOWN_FUNCTION(tessera)
{
	tsr_session_close(&tessera_globals->session);
	if (tessera_globals->store) {
		tsr_store_close(tessera_globals->store);
		tessera_globals->store = NULL;
	}
	free(tessera_globals->store_dsn);
	tessera_globals->store_dsn = NULL;
}

/* Registers the object API's classes (their class entries come from tessera_arginfo.h). */
static void php_tessera_classes_register(void)
{
	tessera_ce_LockMode = register_class_Tessera_LockMode();
	tessera_ce_Profile = register_class_Tessera_Profile();
	tessera_ce_Exception = register_class_Tessera_Exception(spl_ce_RuntimeException);
	tessera_ce_StoreException = register_class_Tessera_StoreException(tessera_ce_Exception);
	tessera_ce_LockTimeoutException =
	    register_class_Tessera_LockTimeoutException(tessera_ce_Exception);
	tessera_ce_LockLostException = register_class_Tessera_LockLostException(tessera_ce_Exception);
	tessera_ce_ReadOnlyException = register_class_Tessera_ReadOnlyException(tessera_ce_Exception);
	tessera_ce_InvalidSessionException =
	    register_class_Tessera_InvalidSessionException(tessera_ce_Exception);
	tessera_ce_Store = register_class_Tessera_Store();
	tessera_ce_SessionManager = register_class_Tessera_SessionManager();
	tessera_ce_Session = register_class_Tessera_Session();
	php_tessera_store_minit();
	php_tessera_manager_minit();
	php_tessera_session_minit();
}

static PHP_MINIT_FUNCTION(tessera)
{
	REGISTER_INI_ENTRIES();
	php_tessera_classes_register();
	if (php_session_register_module(&ps_mod_tessera) != SUCCESS) {
		return FAILURE;
	}
	php_tessera_hooks_install();
	return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(tessera)
{
	php_tessera_hooks_remove();
	UNREGISTER_INI_ENTRIES();
	return SUCCESS;
}

static PHP_RINIT_FUNCTION(tessera)
{
#if defined(COMPILE_DL_TESSERA) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	TESSERA_G(hook_depth) = 0;
	TESSERA_G(warnings_masked) = false;
	TESSERA_G(in_session_start) = false;
	TESSERA_G(read_and_close) = false;
	TESSERA_G(id_preset) = false;
	TESSERA_G(in_regenerate) = false;
	return SUCCESS;
}

/*
 * Writes an active Tessera session at request end ourselves (this module
 * depends on ext/session, so this runs before its RSHUTDOWN), so that a
 * failure gives our one warning only; then releases whatever is left.
 */
static PHP_RSHUTDOWN_FUNCTION(tessera)
{
	if (PS(session_status) == php_session_active && PS(mod) == &ps_mod_tessera) {
		bool outermost = TESSERA_G(hook_depth) == 0;

		TESSERA_G(hook_depth)++;
		/* clang-format off */
		zend_try {
			php_session_flush(1);
		} zend_end_try();
		/* clang-format on */
		TESSERA_G(hook_depth)--;
		if (outermost) {
			php_tessera_unmask();
		}
	}
	if (PS(session_status) != php_session_active) {
		php_tessera_handler_reset();
	}
	return SUCCESS;
}

static PHP_MINFO_FUNCTION(tessera)
{
	php_info_print_table_start();
	php_info_print_table_row(2, "Tessera session support", "enabled");
	php_info_print_table_row(2, "Version", PHP_TESSERA_VERSION);
	php_info_print_table_row(2, "Save handler", "tessera");
	php_info_print_table_end();
	DISPLAY_INI_ENTRIES();
}

/* clang-format off */
static const zend_module_dep tessera_deps[] = {
	ZEND_MOD_REQUIRED("session")
	ZEND_MOD_REQUIRED("spl")
	ZEND_MOD_REQUIRED("standard")
	ZEND_MOD_END
};

zend_module_entry tessera_module_entry = {
	STANDARD_MODULE_HEADER_EX,
	NULL,
	tessera_deps,
	"tessera",
	ext_functions,
	PHP_MINIT(tessera),
	PHP_MSHUTDOWN(tessera),
	PHP_RINIT(tessera),
	PHP_RSHUTDOWN(tessera),
	PHP_MINFO(tessera),
	PHP_TESSERA_VERSION,
	PHP_MODULE_GLOBALS(tessera),
	PHP_GINIT(tessera),
	PHP_GSHUTDOWN(tessera),
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};
/* clang-format on */

#ifdef COMPILE_DL_TESSERA
#	ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#	endif
ZEND_GET_MODULE(tessera)
#endif
