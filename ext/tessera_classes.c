/*
 * tessera_classes.c: helpers shared by the object API's classes: the
 * Tessera\LockMode enum's mapping to lock modes, the one place where a
 * libtessera error code becomes a Tessera exception, and the class entry
 * variables (set in tessera.c's MINIT).
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include "php.h"
#include "zend_enum.h"
#include "zend_exceptions.h"

#include "tessera_classes.h"

zend_class_entry *tessera_ce_LockMode;
zend_class_entry *tessera_ce_Profile;
zend_class_entry *tessera_ce_Exception;
zend_class_entry *tessera_ce_StoreException;
zend_class_entry *tessera_ce_LockTimeoutException;
zend_class_entry *tessera_ce_LockLostException;
zend_class_entry *tessera_ce_ReadOnlyException;
zend_class_entry *tessera_ce_InvalidSessionException;
zend_class_entry *tessera_ce_Store;
zend_class_entry *tessera_ce_SessionManager;
zend_class_entry *tessera_ce_Session;

/* The case names of Tessera\LockMode, indexed by php_tessera_mode. */
static const char *const classes_mode_cases[] = {
    [PHP_TESSERA_MODE_EXCLUSIVE] = "Exclusive",
    [PHP_TESSERA_MODE_ON_WRITE] = "OnWrite",
    [PHP_TESSERA_MODE_READ_ONLY] = "ReadOnly",
    [PHP_TESSERA_MODE_NONE] = "None",
};

/* Returns the mode of a Tessera\LockMode case object (Exclusive for anything unexpected). */
php_tessera_mode php_tessera_mode_from_enum(zend_object *lock_mode_case)
{
	zval *name = zend_enum_fetch_case_name(lock_mode_case);
	size_t i;

	for (i = 0; i < sizeof(classes_mode_cases) / sizeof(classes_mode_cases[0]); i++) {
		if (zend_string_equals_cstr(Z_STR_P(name), classes_mode_cases[i],
		                            strlen(classes_mode_cases[i]))) {
			return (php_tessera_mode) i;
		}
	}
	return PHP_TESSERA_MODE_EXCLUSIVE;
}

/* Returns the Tessera\LockMode case object of 'mode' (borrowed). */
zend_object *php_tessera_mode_to_enum(php_tessera_mode mode)
{
	return zend_enum_get_case_cstr(tessera_ce_LockMode, classes_mode_cases[mode]);
}

/* The store lock mode a session in 'mode' is opened with. */
tsr_lock_mode php_tessera_mode_store(php_tessera_mode mode)
{
	switch (mode) {
	case PHP_TESSERA_MODE_EXCLUSIVE:
		return TSR_LOCK_EXCLUSIVE;
	case PHP_TESSERA_MODE_READ_ONLY:
		return TSR_LOCK_READ_ONLY;
	case PHP_TESSERA_MODE_ON_WRITE:
	case PHP_TESSERA_MODE_NONE:
		break;
	}
	return TSR_LOCK_NONE;
}

/*
 * Throws the Tessera exception that fits 'code', with the message
 * "<what>: <detail>" (detail from 'e' when it carries one, else the
 * code's fixed message). The exception's code is the TSR_E* value.
 */
void php_tessera_throw(const char *what, int code, const tsr_error *e)
{
	const char *detail = (e && e->err != TSR_OK && e->errstr[0]) ? e->errstr : tsr_strerror(code);
	zend_class_entry *ce;

	switch (code) {
	case TSR_ELOCKTIMEOUT:
		ce = tessera_ce_LockTimeoutException;
		break;
	case TSR_ELOCKLOST:
		ce = tessera_ce_LockLostException;
		break;
	case TSR_EREADONLY:
		ce = tessera_ce_ReadOnlyException;
		break;
	case TSR_EGONE:
	case TSR_ENOTFOUND:
		ce = tessera_ce_InvalidSessionException;
		break;
	default:
		ce = tessera_ce_StoreException;
		break;
	}
	zend_throw_exception_ex(ce, code, "%s: %s", what, detail);
}
