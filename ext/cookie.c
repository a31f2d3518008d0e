/*
 * cookie.c: the session cookie of the object API: its options (the
 * SessionManager's cookie_* keys) and the Set-Cookie header values that
 * SessionManager::commit() hands back (RFC 6265, with the SameSite
 * attribute and the __Host- / __Secure- name prefixes of RFC 6265bis).
 *
 * Defaults: name "TESSERA", Path=/, no Domain, HttpOnly, SameSite=Lax, no
 * Max-Age (a browser-session cookie). Secure is added when cookie_secure
 * is true, when the name has a __Host- or __Secure- prefix, with
 * SameSite=None (browsers drop such a cookie without Secure), and when the
 * request is HTTPS ($_SERVER['HTTPS'] set and not "off"). The name and the
 * ID together never exceed 4096 bytes, the smallest limit browsers must
 * support for a cookie.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <strings.h>

#include "php.h"
#include "ext/date/php_date.h"
#include "zend_smart_str.h"

#include "tessera/sid.h"
#include "tessera_classes.h"

#define COOKIE_MAX_NAME_VALUE 4096u
#define COOKIE_HOST_PREFIX "__Host-"
#define COOKIE_SECURE_PREFIX "__Secure-"
/* The longest lifetime accepted: 400 days, the cap browsers apply anyway. */
#define COOKIE_MAX_LIFETIME (400L * 86400L)

/* True for a token character of RFC 6265 (RFC 2616 token: no CTL, no separator). */
static bool cookie_is_token_char(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f) {
		return false;
	}
	return strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

static bool cookie_name_valid(const zend_string *name)
{
	size_t i;

	if (ZSTR_LEN(name) == 0) {
		return false;
	}
	for (i = 0; i < ZSTR_LEN(name); i++) {
		if (!cookie_is_token_char((unsigned char) ZSTR_VAL(name)[i])) {
			return false;
		}
	}
	return true;
}

/* A host name: letters, digits, '-' and '.', optionally one leading '.'. */
static bool cookie_domain_valid(const zend_string *domain)
{
	size_t i;

	for (i = 0; i < ZSTR_LEN(domain); i++) {
		unsigned char c = (unsigned char) ZSTR_VAL(domain)[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.')) {
			return false;
		}
	}
	return ZSTR_LEN(domain) > 0 && ZSTR_LEN(domain) <= 253;
}

/* A path: starts with '/', printable ASCII, no ';' (it would end the attribute). */
static bool cookie_path_valid(const zend_string *path)
{
	size_t i;

	if (ZSTR_LEN(path) == 0 || ZSTR_VAL(path)[0] != '/' || ZSTR_LEN(path) > 1024) {
		return false;
	}
	for (i = 0; i < ZSTR_LEN(path); i++) {
		unsigned char c = (unsigned char) ZSTR_VAL(path)[i];

		if (c < 0x20 || c >= 0x7f || c == ';') {
			return false;
		}
	}
	return true;
}

static bool cookie_has_prefix(const zend_string *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return ZSTR_LEN(name) >= n && strncasecmp(ZSTR_VAL(name), prefix, n) == 0;
}

/* Throws the ValueError for option 'key' of SessionManager::__construct(). */
static void cookie_option_error(const zend_string *key, const char *what)
{
	zend_argument_value_error(2, "option \"%s\" must be %s", ZSTR_VAL(key), what);
}

/*
 * Sets the string option '*slot' (owned; NULL is fine) to a copy of 'value'
 * when 'value' is a string that 'valid' accepts; else throws the ValueError
 * "must be <what>" for option 'key'. Returns 1, or -1 when it threw.
 */
static int cookie_string_option(zend_string **slot, const zend_string *key, zval *value,
                                bool (*valid)(const zend_string *), const char *what)
{
	if (Z_TYPE_P(value) != IS_STRING || !valid(Z_STR_P(value))) {
		cookie_option_error(key, what);
		return -1;
	}
	if (*slot) {
		zend_string_release(*slot);
	}
	*slot = zend_string_copy(Z_STR_P(value));
	return 1;
}

/*
 * Parses one cookie_* option into 'o' (see tessera_classes.h). Returns 1
 * (valid cookie option), 0 (not a cookie option) or -1 (ValueError thrown).
 */
int php_tessera_cookie_option(php_tessera_cookie_opts *o, const zend_string *key, zval *value)
{
	ZVAL_DEREF(value);
	if (zend_string_equals_literal(key, "cookie_name")) {
		return cookie_string_option(&o->name, key, value, cookie_name_valid,
		                            "a non-empty cookie name (RFC 6265 token characters)");
	}
	if (zend_string_equals_literal(key, "cookie_domain")) {
		if (Z_TYPE_P(value) == IS_NULL ||
		    (Z_TYPE_P(value) == IS_STRING && Z_STRLEN_P(value) == 0)) {
			if (o->domain) {
				zend_string_release(o->domain);
			}
			o->domain = NULL;
			return 1;
		}
		return cookie_string_option(&o->domain, key, value, cookie_domain_valid,
		                            "a host name (letters, digits, \"-\" and \".\"), \"\" or null");
	}
	if (zend_string_equals_literal(key, "cookie_path")) {
		return cookie_string_option(&o->path, key, value, cookie_path_valid,
		                            "a path starting with \"/\" (printable ASCII, no \";\")");
	}
	if (zend_string_equals_literal(key, "cookie_lifetime")) {
		if (Z_TYPE_P(value) != IS_LONG || Z_LVAL_P(value) < 0 ||
		    Z_LVAL_P(value) > COOKIE_MAX_LIFETIME) {
			cookie_option_error(key, "an int of seconds from 0 to 34560000 (0 = until the "
			                         "browser closes)");
			return -1;
		}
		o->lifetime = Z_LVAL_P(value);
		return 1;
	}
	if (zend_string_equals_literal(key, "cookie_samesite")) {
		if (Z_TYPE_P(value) == IS_STRING && strcasecmp(Z_STRVAL_P(value), "Lax") == 0) {
			o->samesite = PHP_TESSERA_SAMESITE_LAX;
		} else if (Z_TYPE_P(value) == IS_STRING && strcasecmp(Z_STRVAL_P(value), "Strict") == 0) {
			o->samesite = PHP_TESSERA_SAMESITE_STRICT;
		} else if (Z_TYPE_P(value) == IS_STRING && strcasecmp(Z_STRVAL_P(value), "None") == 0) {
			o->samesite = PHP_TESSERA_SAMESITE_NONE;
		} else {
			cookie_option_error(key, "one of \"Lax\", \"Strict\", \"None\"");
			return -1;
		}
		return 1;
	}
	if (zend_string_equals_literal(key, "cookie_secure") ||
	    zend_string_equals_literal(key, "cookie_httponly") ||
	    zend_string_equals_literal(key, "cookie_host_prefix")) {
		if (Z_TYPE_P(value) != IS_TRUE && Z_TYPE_P(value) != IS_FALSE) {
			cookie_option_error(key, "a bool");
			return -1;
		}
		if (zend_string_equals_literal(key, "cookie_secure")) {
			o->secure = Z_TYPE_P(value) == IS_TRUE;
		} else if (zend_string_equals_literal(key, "cookie_httponly")) {
			o->httponly = Z_TYPE_P(value) == IS_TRUE;
		} else {
			o->host_prefix = Z_TYPE_P(value) == IS_TRUE;
		}
		return 1;
	}
	return 0;
}

/*
 * Applies the prefix rules once every option is known: cookie_host_prefix
 * prepends "__Host-" (unless the name has it), and a "__Host-" name needs
 * Path=/ and no Domain (a contradicting option is a ValueError rather
 * than silently dropped). Checks that name + ID fit in 4096 bytes.
 */
bool php_tessera_cookie_finish(php_tessera_cookie_opts *o, unsigned sid_bits)
{
	if (o->host_prefix && !cookie_has_prefix(o->name, COOKIE_HOST_PREFIX)) {
		zend_string *prefixed = zend_string_concat2(ZEND_STRL(COOKIE_HOST_PREFIX),
		                                            ZSTR_VAL(o->name), ZSTR_LEN(o->name));

		zend_string_release(o->name);
		o->name = prefixed;
	}
	if (cookie_has_prefix(o->name, COOKIE_HOST_PREFIX)) {
		o->host_prefix = true;
		if (o->domain != NULL) {
			zend_argument_value_error(
			    2,
			    "option \"cookie_domain\" cannot be used with a __Host- cookie (it has no Domain)");
			return false;
		}
		if (!zend_string_equals_literal(o->path, "/")) {
			zend_argument_value_error(2,
			                          "option \"cookie_path\" must be \"/\" for a __Host- cookie");
			return false;
		}
	}
	if (ZSTR_LEN(o->name) + tsr_sid_length(sid_bits) > COOKIE_MAX_NAME_VALUE) {
		zend_argument_value_error(2, "option \"cookie_name\" is too long: name and session ID "
		                             "must fit in 4096 bytes");
		return false;
	}
	return true;
}

/* Frees the strings 'o' owns. */
void php_tessera_cookie_opts_free(php_tessera_cookie_opts *o)
{
	if (o->name) {
		zend_string_release(o->name);
	}
	if (o->domain) {
		zend_string_release(o->domain);
	}
	if (o->path) {
		zend_string_release(o->path);
	}
	o->name = o->domain = o->path = NULL;
}

/*
 * The request's server variables: $_SERVER as the script sees it (it may
 * have changed entries itself), else, when that is not an array, the
 * server variables PHP was started with. NULL when neither is an array.
 */
HashTable *php_tessera_server_vars(void)
{
	zval *arrays[2] = {NULL, NULL};
	int i;

	zend_is_auto_global_str(ZEND_STRL("_SERVER"));
	arrays[0] = zend_hash_str_find(&EG(symbol_table), ZEND_STRL("_SERVER"));
	if (!Z_ISUNDEF(PG(http_globals)[TRACK_VARS_SERVER])) {
		arrays[1] = &PG(http_globals)[TRACK_VARS_SERVER];
	}
	for (i = 0; i < 2; i++) {
		zval *server = arrays[i];

		if (server == NULL) {
			continue;
		}
		ZVAL_DEREF(server);
		if (Z_TYPE_P(server) == IS_ARRAY) {
			return Z_ARRVAL_P(server);
		}
	}
	return NULL;
}

/*
 * True when the request is HTTPS. Reads the server variables of
 * php_tessera_server_vars(): frameworks behind a TLS proxy set
 * $_SERVER['HTTPS'] themselves, and the script's view wins.
 */
bool php_tessera_request_is_https(void)
{
	HashTable *server = php_tessera_server_vars();
	zval *https;

	if (server == NULL) {
		return false;
	}
	https = zend_hash_str_find_deref(server, ZEND_STRL("HTTPS"));
	if (https == NULL) {
		return false; /* the script's view wins; it has no HTTPS */
	}
	if (Z_TYPE_P(https) == IS_STRING) {
		return Z_STRLEN_P(https) > 0 && strcasecmp(Z_STRVAL_P(https), "off") != 0;
	}
	return zend_is_true(https);
}

/*
 * Returns the Set-Cookie header value for 'value' under 'o' (see
 * tessera_classes.h). With 'expire' the value is empty and the cookie
 * expires at once (Max-Age=0, Expires in 1970), with the same Path and
 * Domain so that it replaces the session cookie.
 */
zend_string *php_tessera_cookie_build(const php_tessera_cookie_opts *o, const zend_string *value,
                                      bool expire)
{
	smart_str out = {0};
	bool secure = o->secure || o->host_prefix || cookie_has_prefix(o->name, COOKIE_SECURE_PREFIX) ||
	              o->samesite == PHP_TESSERA_SAMESITE_NONE || php_tessera_request_is_https();

	smart_str_append(&out, o->name);
	smart_str_appendc(&out, '=');
	if (!expire && value) {
		smart_str_append(&out, value);
	}
	if (expire) {
		smart_str_appends(&out, "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:01 GMT");
	} else if (o->lifetime > 0) {
		zend_string *date = php_format_date(ZEND_STRL("D, d M Y H:i:s \\G\\M\\T"),
		                                    (time_t) (time(NULL) + o->lifetime), 0);

		smart_str_appends(&out, "; Max-Age=");
		smart_str_append_long(&out, o->lifetime);
		smart_str_appends(&out, "; Expires=");
		smart_str_append(&out, date);
		zend_string_release(date);
	}
	smart_str_appends(&out, "; Path=");
	smart_str_append(&out, o->path);
	if (o->domain) {
		smart_str_appends(&out, "; Domain=");
		smart_str_append(&out, o->domain);
	}
	if (secure) {
		smart_str_appends(&out, "; Secure");
	}
	if (o->httponly) {
		smart_str_appends(&out, "; HttpOnly");
	}
	switch (o->samesite) {
	case PHP_TESSERA_SAMESITE_STRICT:
		smart_str_appends(&out, "; SameSite=Strict");
		break;
	case PHP_TESSERA_SAMESITE_NONE:
		smart_str_appends(&out, "; SameSite=None");
		break;
	default:
		smart_str_appends(&out, "; SameSite=Lax");
		break;
	}
	smart_str_0(&out);
	return smart_str_extract(&out);
}
