/*
 * Unit tests for DSN parsing (lib/src/dsn.c): the valid forms of every
 * scheme, and each rejection with the part its message names. Messages must
 * never contain a password.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tessera/dsn.h"

#define SECRET "Hunter2Secret"

/* Parses 'text', which must succeed, into 'd' (uninitialised garbage beforehand). */
static void parse_ok(const char *text, tsr_dsn *d)
{
	tsr_error e;

	memset(d, 0xa5, sizeof(*d));
	tsr_error_clear(&e);
	if (tsr_dsn_parse(text, d, &e) != TSR_OK) {
		fail_msg("'%s' rejected: %s", text, e.errstr);
	}
}

static void assert_cleared(const tsr_dsn *d)
{
	tsr_dsn zero;

	memset(&zero, 0, sizeof(zero));
	assert_memory_equal(d, &zero, sizeof(zero));
}

/* Parses 'text', which must be rejected with a message containing 'needle' and no secret. */
static void parse_fails(const char *text, const char *needle)
{
	tsr_dsn d;
	tsr_error e;
	int rc;

	memset(&d, 0xa5, sizeof(d));
	tsr_error_clear(&e);
	rc = tsr_dsn_parse(text, &d, &e);
	if (rc != TSR_EBADDSN) {
		fail_msg("'%s': returned %d, want TSR_EBADDSN", text, rc);
	}
	assert_int_equal(e.err, TSR_EBADDSN);
	if (strstr(e.errstr, needle) == NULL) {
		fail_msg("'%s': message '%s' lacks '%s'", text, e.errstr, needle);
	}
	if (strstr(e.errstr, SECRET) != NULL) {
		fail_msg("'%s': message '%s' leaks the password", text, e.errstr);
	}
	assert_cleared(&d);
}

/* ---- files and sqlite --------------------------------------------------- */

static void test_bare_absolute_path_is_files(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("/var/lib/tessera", &d);
	assert_int_equal(d.scheme, TSR_DSN_FILES);
	assert_string_equal(d.path, "/var/lib/tessera");
	assert_int_equal(d.n_hosts, 0);
	assert_null(d.user);
	assert_null(d.password);
	assert_int_equal(d.n_options, 0);
	tsr_dsn_clear(&d);
}

static void test_files_url(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("files:///var/lib/tessera/", &d);
	assert_int_equal(d.scheme, TSR_DSN_FILES);
	assert_string_equal(d.path, "/var/lib/tessera/");
	tsr_dsn_clear(&d);
	parse_ok("FILES:///srv/.sessions/..x", &d); /* scheme case-insensitive; dot names fine */
	assert_int_equal(d.scheme, TSR_DSN_FILES);
	assert_string_equal(d.path, "/srv/.sessions/..x");
	tsr_dsn_clear(&d);
}

static void test_files_with_options(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("files:///var/lib/tessera?mode=0600&depth=2", &d);
	assert_string_equal(d.path, "/var/lib/tessera");
	assert_int_equal(d.n_options, 2);
	assert_string_equal(tsr_dsn_option_get(&d, "mode"), "0600");
	assert_string_equal(tsr_dsn_option_get(&d, "depth"), "2");
	assert_null(tsr_dsn_option_get(&d, "other"));
	tsr_dsn_clear(&d);
}

static void test_sqlite_url(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("sqlite:///var/lib/tessera/sessions.db", &d);
	assert_int_equal(d.scheme, TSR_DSN_SQLITE);
	assert_string_equal(d.path, "/var/lib/tessera/sessions.db");
	tsr_dsn_clear(&d);
}

static void test_relative_paths_rejected(void **state)
{
	(void) state;
	parse_fails("var/x", "files DSN path must be absolute: 'var/x'");
	parse_fails("files://var/x", "files DSN path must be absolute: 'var/x'");
	parse_fails("files://", "files DSN path must be absolute: ''");
	parse_fails("sqlite://sessions.db", "sqlite DSN path must be absolute: 'sessions.db'");
}

static void test_dot_components_rejected(void **state)
{
	(void) state;
	parse_fails("/var/../etc",
	            "files DSN path must not have a '.' or '..' component: '/var/../etc'");
	parse_fails("files:///var/./x", "'.' or '..' component");
	parse_fails("/var/x/..", "'.' or '..' component");
	parse_fails("/..", "'.' or '..' component");
	parse_fails("/.", "'.' or '..' component");
	parse_fails("sqlite:///a/../b.db", "sqlite DSN path must not have");
}

static void test_files_rejects_user_info(void **state)
{
	(void) state;
	parse_fails("files://u:" SECRET "@/var/x", "files DSN takes no user, password or host");
}

static void test_control_bytes_rejected(void **state)
{
	(void) state;
	parse_fails("/var/x\ny", "control byte at offset 6");
	parse_fails("/var/x\ry", "control byte at offset 6");
	parse_fails("/var/\tx", "control byte at offset 5");
	parse_fails("/var/x\x7f", "control byte at offset 6");
	parse_fails("redis://h?a=\x01", "control byte at offset 12");
}

static void test_empty_and_missing(void **state)
{
	(void) state;
	parse_fails("", "DSN is empty");
	parse_fails(NULL, "DSN is missing");
}

static void test_length_limit(void **state)
{
	char *text = malloc(TSR_DSN_MAX_LEN + 2);
	tsr_dsn d;
	(void) state;

	assert_non_null(text);
	memset(text, 'a', TSR_DSN_MAX_LEN + 1);
	text[0] = '/';
	text[TSR_DSN_MAX_LEN] = '\0';
	parse_ok(text, &d);
	assert_int_equal(strlen(d.path), TSR_DSN_MAX_LEN);
	tsr_dsn_clear(&d);
	text[TSR_DSN_MAX_LEN] = 'a';
	text[TSR_DSN_MAX_LEN + 1] = '\0';
	parse_fails(text, "DSN is longer than 4096 bytes");
	free(text);
}

static void test_unknown_scheme(void **state)
{
	(void) state;
	parse_fails("memcached://h:11211", "unknown DSN scheme 'memcached'");
	parse_fails("://h", "DSN has no valid scheme");
	parse_fails("u:" SECRET "@h://x", "DSN has no valid scheme");
	parse_fails("u:" SECRET "@h", "DSN must be scheme://... or an absolute path");
}

/* ---- redis -------------------------------------------------------------- */

static void test_redis_host_only(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis://localhost", &d);
	assert_int_equal(d.scheme, TSR_DSN_REDIS);
	assert_int_equal(d.n_hosts, 1);
	assert_string_equal(d.hosts[0].host, "localhost");
	assert_int_equal(d.hosts[0].port, 0);
	assert_int_equal(d.db, 0);
	assert_null(d.path);
	assert_null(d.user);
	assert_null(d.password);
	tsr_dsn_clear(&d);
}

static void test_redis_port_and_db(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis://10.0.0.5:6379/3", &d);
	assert_string_equal(d.hosts[0].host, "10.0.0.5");
	assert_int_equal(d.hosts[0].port, 6379);
	assert_int_equal(d.db, 3);
	tsr_dsn_clear(&d);
	parse_ok("redis://h:1/", &d);
	assert_int_equal(d.hosts[0].port, 1);
	assert_int_equal(d.db, 0);
	tsr_dsn_clear(&d);
	parse_ok("redis://h:65535/2147483647", &d);
	assert_int_equal(d.hosts[0].port, 65535);
	assert_int_equal(d.db, 2147483647);
	tsr_dsn_clear(&d);
}

static void test_redis_user_password_decoded(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis://app%2Buser:p%40ss%3Aw0rd%25@cache.example:6380/2", &d);
	assert_string_equal(d.user, "app+user");
	assert_string_equal(d.password, "p@ss:w0rd%");
	assert_string_equal(d.hosts[0].host, "cache.example");
	assert_int_equal(d.db, 2);
	tsr_dsn_clear(&d);
}

static void test_redis_password_only(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis://:" SECRET "@h", &d);
	assert_null(d.user);
	assert_string_equal(d.password, SECRET);
	tsr_dsn_clear(&d);
	parse_ok("redis://alice@h", &d);
	assert_string_equal(d.user, "alice");
	assert_null(d.password);
	tsr_dsn_clear(&d);
}

/* User info ends at the last '@', so a password may hold raw '/', '?', ':' and '@'. */
static void test_redis_raw_special_chars_in_password(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis://u:a/b?c:d@e@host:7000/1", &d);
	assert_string_equal(d.user, "u");
	assert_string_equal(d.password, "a/b?c:d@e");
	assert_string_equal(d.hosts[0].host, "host");
	assert_int_equal(d.hosts[0].port, 7000);
	assert_int_equal(d.db, 1);
	tsr_dsn_clear(&d);
}

static void test_redis_options_decoded(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis://h?timeout=2.5&prefix=app%2F1%20x&tls&a%3Db=c+d", &d);
	assert_int_equal(d.n_options, 4);
	assert_string_equal(d.options[0].name, "timeout");
	assert_string_equal(tsr_dsn_option_get(&d, "timeout"), "2.5");
	assert_string_equal(tsr_dsn_option_get(&d, "prefix"), "app/1 x");
	assert_string_equal(tsr_dsn_option_get(&d, "tls"), "");
	assert_string_equal(tsr_dsn_option_get(&d, "a=b"), "c+d");
	tsr_dsn_clear(&d);
}

static void test_redis_db_option(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis://h?db=4", &d);
	assert_int_equal(d.db, 4);
	assert_string_equal(tsr_dsn_option_get(&d, "db"), "4");
	tsr_dsn_clear(&d);
	parse_fails("redis://h/1?db=2", "both as a path and as ?db=");
	parse_fails("redis://h?db=x", "DSN redis database 'x' must be a number 0..2147483647");
}

static void test_redis_ipv6(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis://[::1]:6379", &d);
	assert_string_equal(d.hosts[0].host, "::1");
	assert_int_equal(d.hosts[0].port, 6379);
	tsr_dsn_clear(&d);
	parse_ok("redis://[2001:db8::7]/5", &d);
	assert_string_equal(d.hosts[0].host, "2001:db8::7");
	assert_int_equal(d.hosts[0].port, 0);
	assert_int_equal(d.db, 5);
	tsr_dsn_clear(&d);
}

static void test_bad_ipv6(void **state)
{
	(void) state;
	parse_fails("redis://[::1", "DSN IPv6 host '[::1' lacks its ']'");
	parse_fails("redis://[zz::1]:6379", "DSN host '[zz::1]' is not an IPv6 address");
	parse_fails("redis://[]:6379", "is not an IPv6 address");
	parse_fails("redis://[::1]x", "has bytes after ']'");
	parse_fails("redis://::1", "DSN IPv6 host must be in brackets");
	parse_fails("redis://2001:db8::1:6379", "DSN IPv6 host must be in brackets");
}

static void test_ports_out_of_range(void **state)
{
	(void) state;
	parse_fails("redis://h:70000", "DSN port '70000' out of range 1..65535");
	parse_fails("redis://h:65536", "DSN port '65536' out of range 1..65535");
	parse_fails("redis://h:0", "DSN port '0' out of range 1..65535");
	parse_fails("redis://h:99999999999999999999999", "out of range 1..65535");
	parse_fails("redis://[::1]:70000", "DSN port '70000' out of range");
	parse_fails("mysql://h:70000/db", "DSN port '70000' out of range");
}

static void test_ports_not_numbers(void **state)
{
	(void) state;
	parse_fails("redis://h:", "DSN port is empty after ':'");
	parse_fails("redis://h:12a", "DSN port '12a' is not a number");
	parse_fails("redis://h:+1", "DSN port '+1' is not a number");
	parse_fails("redis://h:-1", "DSN port '-1' is not a number");
	parse_fails("redis://h: 1", "DSN port ' 1' is not a number");
}

static void test_bad_hosts(void **state)
{
	(void) state;
	parse_fails("redis://", "DSN host is empty");
	parse_fails("redis://:6379", "DSN host is empty");
	parse_fails("redis://u:" SECRET "@/3", "DSN host is empty");
	parse_fails("redis://ho st", "DSN host 'ho st' has an invalid character");
	parse_fails("redis://h%41st", "DSN host 'h%41st' has an invalid character");
	parse_fails("redis://a,b", "redis DSN takes one host; only redis+cluster takes a list");
	parse_fails("mysql://a,b/db", "mysql DSN takes one host");
}

static void test_long_host_rejected(void **state)
{
	char text[300];
	(void) state;

	strcpy(text, "redis://");
	memset(text + 8, 'h', 256);
	text[8 + 256] = '\0';
	parse_fails(text, "DSN host is longer than 255 bytes");
	text[8 + 255] = '\0';
	{
		tsr_dsn d;
		parse_ok(text, &d);
		assert_int_equal(strlen(d.hosts[0].host), 255);
		tsr_dsn_clear(&d);
	}
}

static void test_redis_bad_db(void **state)
{
	(void) state;
	parse_fails("redis://h/x", "DSN redis database 'x' must be a number 0..2147483647");
	parse_fails("redis://h/-1", "DSN redis database '-1' must be a number");
	parse_fails("redis://h/+1", "DSN redis database '+1' must be a number");
	parse_fails("redis://h/1/", "DSN redis database '1/' must be a number");
	parse_fails("redis://h/2147483648", "DSN redis database '2147483648' must be a number");
	parse_fails("redis://h/99999999999999999999", "must be a number 0..2147483647");
}

/* ---- user info and option decoding ------------------------------------- */

static void test_bad_percent_escapes(void **state)
{
	(void) state;
	parse_fails("redis://u:Hunter%zz2Secret@h", "DSN password has a malformed percent escape");
	parse_fails("redis://u:" SECRET "%4@h", "DSN password has a malformed percent escape");
	parse_fails("redis://u:" SECRET "%@h", "DSN password has a malformed percent escape");
	parse_fails("redis://u:Hunter%002Secret@h", "DSN password contains %00");
	parse_fails("redis://u:" SECRET "%0A@h", "DSN password contains a control byte");
	parse_fails("redis://u%00:" SECRET "@h", "DSN user contains %00");
	parse_fails("redis://u%g1:" SECRET "@h", "DSN user has a malformed percent escape");
	parse_fails("redis://h?%zz=1", "DSN option name has a malformed percent escape");
	parse_fails("redis://h?a%00=1", "DSN option name contains %00");
	parse_fails("redis://h?password=" SECRET "%z", "DSN option 'password' value has a malformed");
	parse_fails("redis://h?password=" SECRET "%00", "DSN option 'password' value contains %00");
	parse_fails("redis://h?password=" SECRET "%7f", "control byte");
}

static void test_bad_options(void **state)
{
	(void) state;
	parse_fails("redis://h?", "DSN has an empty option list after '?'");
	parse_fails("redis://h?a=1&&b=2", "DSN has an empty option (a stray '&')");
	parse_fails("redis://h?a=1&", "DSN has an empty option");
	parse_fails("redis://h?=1", "DSN option without a name");
	parse_fails("redis://h?password=" SECRET "&password=x", "DSN option 'password' given twice");
	parse_fails("redis://h?%61=1&a=2", "DSN option 'a' given twice");
}

static void test_option_count_limit(void **state)
{
	char text[512];
	size_t n;
	tsr_dsn d;
	(void) state;

	n = (size_t) snprintf(text, sizeof(text), "redis://h?");
	for (unsigned i = 0; i < TSR_DSN_MAX_OPTIONS; i++) {
		n += (size_t) snprintf(text + n, sizeof(text) - n, "%so%u=%u", i ? "&" : "", i, i);
	}
	parse_ok(text, &d);
	assert_int_equal(d.n_options, TSR_DSN_MAX_OPTIONS);
	assert_string_equal(tsr_dsn_option_get(&d, "o31"), "31");
	tsr_dsn_clear(&d);
	snprintf(text + n, sizeof(text) - n, "&o99=1");
	parse_fails(text, "DSN has more than 32 options");
}

/* ---- redis+unix --------------------------------------------------------- */

static void test_redis_unix(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis+unix:///run/redis/redis-server.sock?db=3&prefix=t", &d);
	assert_int_equal(d.scheme, TSR_DSN_REDIS_UNIX);
	assert_string_equal(d.path, "/run/redis/redis-server.sock");
	assert_int_equal(d.db, 3);
	assert_int_equal(d.n_hosts, 0);
	assert_string_equal(tsr_dsn_option_get(&d, "prefix"), "t");
	tsr_dsn_clear(&d);
	parse_ok("redis+unix:///run/redis@main/redis.sock", &d); /* '@' in a path is fine */
	assert_string_equal(d.path, "/run/redis@main/redis.sock");
	assert_null(d.password);
	assert_int_equal(d.db, 0);
	tsr_dsn_clear(&d);
}

static void test_redis_unix_with_password(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis+unix://default:" SECRET "@/run/redis.sock", &d);
	assert_string_equal(d.user, "default");
	assert_string_equal(d.password, SECRET);
	assert_string_equal(d.path, "/run/redis.sock");
	tsr_dsn_clear(&d);
}

static void test_redis_unix_rejections(void **state)
{
	(void) state;
	parse_fails("redis+unix://redis.sock", "redis+unix DSN needs an absolute socket path");
	parse_fails("redis+unix://u:" SECRET "@redis.sock",
	            "redis+unix DSN needs an absolute socket path");
	parse_fails("redis+unix://", "redis+unix DSN needs an absolute socket path");
	parse_fails("redis+unix:///run/../tmp/r.sock",
	            "redis+unix DSN path must not have a '.' or '..'");
	parse_fails("redis+unix:///run/r.sock?db=abc", "DSN redis database 'abc' must be a number");
	parse_fails("redis+unix:///run/r.sock?db=-3", "DSN redis database '-3' must be a number");
}

/* ---- redis+cluster ------------------------------------------------------ */

static void test_redis_cluster(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis+cluster://:" SECRET "@a.example:7000,b.example:7001,[::1]:7002?timeout=1", &d);
	assert_int_equal(d.scheme, TSR_DSN_REDIS_CLUSTER);
	assert_int_equal(d.n_hosts, 3);
	assert_string_equal(d.hosts[0].host, "a.example");
	assert_int_equal(d.hosts[0].port, 7000);
	assert_string_equal(d.hosts[1].host, "b.example");
	assert_int_equal(d.hosts[1].port, 7001);
	assert_string_equal(d.hosts[2].host, "::1");
	assert_int_equal(d.hosts[2].port, 7002);
	assert_string_equal(d.password, SECRET);
	assert_string_equal(tsr_dsn_option_get(&d, "timeout"), "1");
	tsr_dsn_clear(&d);
	parse_ok("redis+cluster://seed/", &d);
	assert_int_equal(d.n_hosts, 1);
	tsr_dsn_clear(&d);
}

static void test_redis_cluster_host_limit(void **state)
{
	char text[512];
	size_t n;
	tsr_dsn d;
	(void) state;

	n = (size_t) snprintf(text, sizeof(text), "redis+cluster://");
	for (unsigned i = 0; i < TSR_DSN_MAX_HOSTS; i++) {
		n += (size_t) snprintf(text + n, sizeof(text) - n, "%sn%u:%u", i ? "," : "", i, 7000 + i);
	}
	parse_ok(text, &d);
	assert_int_equal(d.n_hosts, TSR_DSN_MAX_HOSTS);
	assert_string_equal(d.hosts[15].host, "n15");
	assert_int_equal(d.hosts[15].port, 7015);
	tsr_dsn_clear(&d);
	snprintf(text + n, sizeof(text) - n, ",n16:7016");
	parse_fails(text, "DSN lists more than 16 hosts");
}

static void test_redis_cluster_rejections(void **state)
{
	(void) state;
	parse_fails("redis+cluster://", "DSN host is empty");
	parse_fails("redis+cluster://a:1,,b:2", "DSN host is empty");
	parse_fails("redis+cluster://a:1,", "DSN host is empty");
	parse_fails("redis+cluster://a:1,b:70000", "DSN port '70000' out of range 1..65535");
	parse_fails("redis+cluster://a:1/2", "redis+cluster DSN takes no database path");
	parse_fails("redis+cluster://a:1?db=2", "redis+cluster supports only database 0");
}

/* ---- mysql and pgsql ---------------------------------------------------- */

static void test_mysql(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("mysql://app:" SECRET "@db.example:3306/sessions?charset=utf8mb4", &d);
	assert_int_equal(d.scheme, TSR_DSN_MYSQL);
	assert_string_equal(d.user, "app");
	assert_string_equal(d.password, SECRET);
	assert_string_equal(d.hosts[0].host, "db.example");
	assert_int_equal(d.hosts[0].port, 3306);
	assert_string_equal(d.path, "sessions");
	assert_int_equal(d.db, 0);
	assert_string_equal(tsr_dsn_option_get(&d, "charset"), "utf8mb4");
	tsr_dsn_clear(&d);
}

static void test_pgsql(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("pgsql://[fd00::5]/tessera_sessions", &d);
	assert_int_equal(d.scheme, TSR_DSN_PGSQL);
	assert_string_equal(d.hosts[0].host, "fd00::5");
	assert_int_equal(d.hosts[0].port, 0);
	assert_string_equal(d.path, "tessera_sessions");
	assert_null(d.user);
	tsr_dsn_clear(&d);
}

static void test_sql_database_name_rules(void **state)
{
	(void) state;
	parse_fails("mysql://h", "mysql DSN needs a database name: mysql://host/dbname");
	parse_fails("mysql://u:" SECRET "@h/", "mysql DSN needs a database name");
	parse_fails("pgsql://h?x=1", "pgsql DSN needs a database name");
	parse_fails("pgsql://h/a/b", "pgsql DSN database name must not contain '/': 'a/b'");
	parse_fails("mysql:///db", "DSN host is empty");
}

/* ---- helpers ------------------------------------------------------------ */

static void test_scheme_names(void **state)
{
	(void) state;
	assert_string_equal(tsr_dsn_scheme_name(TSR_DSN_FILES), "files");
	assert_string_equal(tsr_dsn_scheme_name(TSR_DSN_SQLITE), "sqlite");
	assert_string_equal(tsr_dsn_scheme_name(TSR_DSN_REDIS), "redis");
	assert_string_equal(tsr_dsn_scheme_name(TSR_DSN_REDIS_UNIX), "redis+unix");
	assert_string_equal(tsr_dsn_scheme_name(TSR_DSN_REDIS_CLUSTER), "redis+cluster");
	assert_string_equal(tsr_dsn_scheme_name(TSR_DSN_MYSQL), "mysql");
	assert_string_equal(tsr_dsn_scheme_name(TSR_DSN_PGSQL), "pgsql");
	assert_string_equal(tsr_dsn_scheme_name((tsr_dsn_scheme) 99), "unknown");
}

static void test_clear_zeroes(void **state)
{
	tsr_dsn d;
	(void) state;

	parse_ok("redis://u:" SECRET "@h:1?password=" SECRET, &d);
	tsr_dsn_clear(&d);
	assert_cleared(&d);
	tsr_dsn_clear(&d);
	tsr_dsn_clear(NULL);
	assert_null(tsr_dsn_option_get(NULL, "x"));
}

static void test_null_output(void **state)
{
	(void) state;
	assert_int_equal(tsr_dsn_parse("/x", NULL, NULL), TSR_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bare_absolute_path_is_files),
	    cmocka_unit_test(test_files_url),
	    cmocka_unit_test(test_files_with_options),
	    cmocka_unit_test(test_sqlite_url),
	    cmocka_unit_test(test_relative_paths_rejected),
	    cmocka_unit_test(test_dot_components_rejected),
	    cmocka_unit_test(test_files_rejects_user_info),
	    cmocka_unit_test(test_control_bytes_rejected),
	    cmocka_unit_test(test_empty_and_missing),
	    cmocka_unit_test(test_length_limit),
	    cmocka_unit_test(test_unknown_scheme),
	    cmocka_unit_test(test_redis_host_only),
	    cmocka_unit_test(test_redis_port_and_db),
	    cmocka_unit_test(test_redis_user_password_decoded),
	    cmocka_unit_test(test_redis_password_only),
	    cmocka_unit_test(test_redis_raw_special_chars_in_password),
	    cmocka_unit_test(test_redis_options_decoded),
	    cmocka_unit_test(test_redis_db_option),
	    cmocka_unit_test(test_redis_ipv6),
	    cmocka_unit_test(test_bad_ipv6),
	    cmocka_unit_test(test_ports_out_of_range),
	    cmocka_unit_test(test_ports_not_numbers),
	    cmocka_unit_test(test_bad_hosts),
	    cmocka_unit_test(test_long_host_rejected),
	    cmocka_unit_test(test_redis_bad_db),
	    cmocka_unit_test(test_bad_percent_escapes),
	    cmocka_unit_test(test_bad_options),
	    cmocka_unit_test(test_option_count_limit),
	    cmocka_unit_test(test_redis_unix),
	    cmocka_unit_test(test_redis_unix_with_password),
	    cmocka_unit_test(test_redis_unix_rejections),
	    cmocka_unit_test(test_redis_cluster),
	    cmocka_unit_test(test_redis_cluster_host_limit),
	    cmocka_unit_test(test_redis_cluster_rejections),
	    cmocka_unit_test(test_mysql),
	    cmocka_unit_test(test_pgsql),
	    cmocka_unit_test(test_sql_database_name_rules),
	    cmocka_unit_test(test_scheme_names),
	    cmocka_unit_test(test_clear_zeroes),
	    cmocka_unit_test(test_null_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
