/*
 * class_profile.c: Tessera\Profile, what a request says about its client
 * (IP address and User-Agent), and its conversion to and from the lib's
 * tsr_profile (tessera/profile.h), where the fingerprint rules live.
 *
 * The two properties are public readonly strings, set once by the
 * constructor; the IP address is validated there by the lib's parser, so
 * a Profile that exists always holds "" or a parseable address.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"

#include "tessera/policy.h"
#include "tessera/profile.h"
#include "tessera_classes.h"

/* The property slots, in declaration order (tessera.stub.php). */
#define PROFILE_PROP_IP 0
#define PROFILE_PROP_UA 1

/* The string in property slot 'num' of 'obj', or "" when it was never initialised. */
static zend_string *profile_prop(zend_object *obj, uint32_t num)
{
	zval *zv = OBJ_PROP_NUM(obj, num);

	if (Z_TYPE_P(zv) != IS_STRING) {
		return ZSTR_EMPTY_ALLOC();
	}
	return Z_STR_P(zv);
}

/* Sets the two readonly properties of 'obj' (an error if they are set already). */
static void profile_init(zend_object *obj, zend_string *ip, zend_string *ua)
{
	zend_update_property_str(tessera_ce_Profile, obj, ZEND_STRL("ip"), ip);
	if (!EG(exception)) {
		zend_update_property_str(tessera_ce_Profile, obj, ZEND_STRL("userAgent"), ua);
	}
}

/* True when 'ip' is "" or an address the lib accepts. */
static bool profile_ip_valid(const zend_string *ip)
{
	tsr_profile p;

	if (ZSTR_LEN(ip) == 0) {
		return true;
	}
	if (zend_str_has_nul_byte(ip)) {
		return false;
	}
	return tsr_profile_from_request(NULL, 0, ZSTR_VAL(ip), 0, &p, NULL) == TSR_OK;
}

/* Profile::__construct(string $ip = "", string $userAgent = "") */
PHP_METHOD(Tessera_Profile, __construct)
{
	zend_string *ip = ZSTR_EMPTY_ALLOC();
	zend_string *ua = ZSTR_EMPTY_ALLOC();

	ZEND_PARSE_PARAMETERS_START(0, 2)
	Z_PARAM_OPTIONAL
	Z_PARAM_STR(ip)
	Z_PARAM_STR(ua)
	ZEND_PARSE_PARAMETERS_END();

	if (!profile_ip_valid(ip)) {
		zend_argument_value_error(1, "must be an IPv4 or IPv6 address or \"\"");
		RETURN_THROWS();
	}
	profile_init(Z_OBJ_P(ZEND_THIS), ip, ua);
}

/* Profile::fromServer(array $server): REMOTE_ADDR (unparseable: unknown) and HTTP_USER_AGENT. */
PHP_METHOD(Tessera_Profile, fromServer)
{
	zend_string *ip = ZSTR_EMPTY_ALLOC();
	zend_string *ua = ZSTR_EMPTY_ALLOC();
	HashTable *server;
	zval *zv;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_ARRAY_HT(server)
	ZEND_PARSE_PARAMETERS_END();

	zv = zend_hash_str_find_deref(server, ZEND_STRL("REMOTE_ADDR"));
	if (zv && Z_TYPE_P(zv) == IS_STRING && profile_ip_valid(Z_STR_P(zv))) {
		ip = Z_STR_P(zv);
	}
	zv = zend_hash_str_find_deref(server, ZEND_STRL("HTTP_USER_AGENT"));
	if (zv && Z_TYPE_P(zv) == IS_STRING) {
		ua = Z_STR_P(zv);
	}
	object_init_ex(return_value, tessera_ce_Profile);
	profile_init(Z_OBJ_P(return_value), ip, ua);
}

/*
 * Builds the lib's view of the Tessera\Profile 'profile' at 'now' (ms)
 * into 'out'. Returns TSR_OK or the lib's error code (detail in 'e').
 */
int php_tessera_profile_to_lib(zend_object *profile, int64_t now, tsr_profile *out, tsr_error *e)
{
	zend_string *ip = profile_prop(profile, PROFILE_PROP_IP);
	zend_string *ua = profile_prop(profile, PROFILE_PROP_UA);

	return tsr_profile_from_request(ZSTR_VAL(ua), ZSTR_LEN(ua), ZSTR_LEN(ip) ? ZSTR_VAL(ip) : NULL,
	                                now, out, e);
}

/* Makes 'rv' a new Tessera\Profile with the address and (clipped) User-Agent of 'p'. */
void php_tessera_profile_from_lib(zval *rv, const tsr_profile *p)
{
	char ip[TSR_PROFILE_IP_TEXT_SIZE];
	zend_string *zip, *zua;

	if (tsr_profile_ip_text(p, ip, sizeof(ip)) != TSR_OK) {
		ip[0] = '\0';
	}
	zip = zend_string_init(ip, strlen(ip), 0);
	zua = zend_string_init(p->ua, p->ua_len, 0);
	object_init_ex(rv, tessera_ce_Profile);
	profile_init(Z_OBJ_P(rv), zip, zua);
	zend_string_release(zip);
	zend_string_release(zua);
}
