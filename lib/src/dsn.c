/*
 * Store DSN parsing (the grammar is in tessera/dsn.h).
 *
 * The text is untrusted configuration. It is checked as a whole first
 * (length, control bytes), then split in this order:
 *
 *   scheme "://"  [userinfo "@"]  hosts  [path]  ["?" options]
 *
 * User info ends at the LAST '@' of a host-based DSN (the first "@/" of a
 * redis+unix one), so a password may hold raw ':', '/', '?' or '@'; an '@'
 * in a path or option must then be written %40. User, password, option
 * names and values are percent-decoded (RFC 3986 section 2.1; '+' stays a
 * plus sign); %00, a malformed escape or a decoded control byte is refused.
 * Paths and database names are taken literally.
 *
 * Messages quote the offending part (a port, a host, a path, an option
 * name) but never the user info, a password or an option value, which may
 * be secrets. tsr_dsn_clear() wipes the password and every option value.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "tessera/dsn.h"

/* Longest piece of the DSN quoted in an error message. */
#define TSR_DSN_ECHO 64
/* Longest host name (RFC 1035 allows 253 in text form; leave room). */
#define TSR_DSN_MAX_HOST 255

/* The quoting length for 'n' bytes in messages. */
#define TSR_DSN_ECHO_LEN(n) ((int) ((n) < TSR_DSN_ECHO ? (n) : TSR_DSN_ECHO))

static const struct {
	const char *name;
	tsr_dsn_scheme scheme;
} tsr_dsn_schemes[] = {
    {"files", TSR_DSN_FILES},
    {"sqlite", TSR_DSN_SQLITE},
    {"redis", TSR_DSN_REDIS},
    {"redis+unix", TSR_DSN_REDIS_UNIX},
    {"redis+cluster", TSR_DSN_REDIS_CLUSTER},
    {"mysql", TSR_DSN_MYSQL},
    {"pgsql", TSR_DSN_PGSQL},
};

/* Returns the scheme's DSN spelling ("files", "redis+cluster", ...), or "unknown". Static. */
const char *tsr_dsn_scheme_name(tsr_dsn_scheme scheme)
{
	for (size_t i = 0; i < sizeof(tsr_dsn_schemes) / sizeof(tsr_dsn_schemes[0]); i++) {
		if (tsr_dsn_schemes[i].scheme == scheme) {
			return tsr_dsn_schemes[i].name;
		}
	}
	return "unknown";
}

/* Frees 'p' after overwriting its string with zeros. NULL is fine. */
static void tsr_dsn_free_secret(char *p)
{
	if (p != NULL) {
		OPENSSL_cleanse(p, strlen(p));
		free(p);
	}
}

/*
 * Frees every string 'dsn' owns, wiping the password and the option values
 * (which may hold credentials) first, and zeroes 'dsn'. NULL is fine.
 */
void tsr_dsn_clear(tsr_dsn *dsn)
{
	if (dsn == NULL) {
		return;
	}
	free(dsn->user);
	tsr_dsn_free_secret(dsn->password);
	for (size_t i = 0; i < dsn->n_hosts && i < TSR_DSN_MAX_HOSTS; i++) {
		free(dsn->hosts[i].host);
	}
	free(dsn->path);
	for (size_t i = 0; i < dsn->n_options && i < TSR_DSN_MAX_OPTIONS; i++) {
		free(dsn->options[i].name);
		tsr_dsn_free_secret(dsn->options[i].value);
	}
	memset(dsn, 0, sizeof(*dsn));
}

/* Returns the value of option 'name' in 'dsn' (borrowed), or NULL when absent. */
const char *tsr_dsn_option_get(const tsr_dsn *dsn, const char *name)
{
	if (dsn == NULL || name == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < dsn->n_options && i < TSR_DSN_MAX_OPTIONS; i++) {
		if (dsn->options[i].name != NULL && strcmp(dsn->options[i].name, name) == 0) {
			return dsn->options[i].value;
		}
	}
	return NULL;
}

/* Stores a NUL-terminated copy of the 'n' bytes at 's' in '*out'. */
static int tsr_dsn_dup(const char *s, size_t n, char **out, tsr_error *e)
{
	char *p = malloc(n + 1);

	if (p == NULL) {
		return tsr_error_set(e, TSR_ENOMEM, "DSN: out of memory");
	}
	memcpy(p, s, n);
	p[n] = '\0';
	*out = p;
	return TSR_OK;
}

static int tsr_dsn_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/*
 * Percent-decodes the 'n' bytes at 's' into a new string in '*out'. 'what'
 * names the part in messages ("password"); the text itself is never quoted.
 * The buffer is wiped before it is freed on failure, as it may hold a secret.
 */
static int tsr_dsn_decode(const char *s, size_t n, const char *what, char **out, tsr_error *e)
{
	char *buf = malloc(n + 1);
	size_t j = 0;
	int rc = TSR_OK;

	if (buf == NULL) {
		return tsr_error_set(e, TSR_ENOMEM, "DSN: out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char) s[i];
		if (c == '%') {
			int hi = n - i >= 3 ? tsr_dsn_hexval((unsigned char) s[i + 1]) : -1;
			int lo = n - i >= 3 ? tsr_dsn_hexval((unsigned char) s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				rc = tsr_error_set(e, TSR_EBADDSN, "DSN %s has a malformed percent escape", what);
				goto cleanup;
			}
			c = (unsigned char) ((hi << 4) | lo);
			if (c == 0) {
				rc = tsr_error_set(e, TSR_EBADDSN, "DSN %s contains %%00", what);
				goto cleanup;
			}
			i += 2;
		}
		if (c < 0x20 || c == 0x7f) {
			rc = tsr_error_set(e, TSR_EBADDSN, "DSN %s contains a control byte", what);
			goto cleanup;
		}
		buf[j++] = (char) c;
	}
	buf[j] = '\0';
	*out = buf;
	return TSR_OK;

cleanup:
	OPENSSL_cleanse(buf, n + 1);
	free(buf);
	return rc;
}

/*
 * Checks that the 'n' bytes at 's' are an absolute path without a "." or
 * ".." component, and stores a copy in 'out->path'. 'what' is the scheme name.
 */
static int tsr_dsn_set_path(tsr_dsn *out, const char *what, const char *s, size_t n, tsr_error *e)
{
	size_t i = 1;

	if (n == 0 || s[0] != '/') {
		return tsr_error_set(e, TSR_EBADDSN, "%s DSN path must be absolute: '%.*s'", what,
		                     TSR_DSN_ECHO_LEN(n), s);
	}
	while (i <= n) {
		const char *slash = memchr(s + i, '/', n - i);
		size_t end = slash != NULL ? (size_t) (slash - s) : n;
		size_t clen = end - i;
		if ((clen == 1 && s[i] == '.') || (clen == 2 && s[i] == '.' && s[i + 1] == '.')) {
			return tsr_error_set(e, TSR_EBADDSN,
			                     "%s DSN path must not have a '.' or '..' component: '%.*s'", what,
			                     TSR_DSN_ECHO_LEN(n), s);
		}
		i = end + 1;
	}
	return tsr_dsn_dup(s, n, &out->path, e);
}

/*
 * Splits user info "user[:password]" ('n' bytes at 's') and decodes both
 * parts into 'out'; an empty part stays NULL.
 */
static int tsr_dsn_set_userinfo(tsr_dsn *out, const char *s, size_t n, tsr_error *e)
{
	const char *colon = memchr(s, ':', n);
	size_t ulen = colon != NULL ? (size_t) (colon - s) : n;
	int rc;

	if (ulen > 0) {
		if ((rc = tsr_dsn_decode(s, ulen, "user", &out->user, e)) != TSR_OK) {
			return rc;
		}
	}
	if (colon != NULL && n - ulen > 1) {
		rc = tsr_dsn_decode(colon + 1, n - ulen - 1, "password", &out->password, e);
		if (rc != TSR_OK) {
			return rc;
		}
	}
	return TSR_OK;
}

/*
 * Parses the 'n' decimal digits at 's' into '*v' (0..'max'). Returns 0, or
 * -1 when the text is empty or not all digits, -2 when it exceeds 'max'.
 */
static int tsr_dsn_number(const char *s, size_t n, long max, long *v)
{
	long x = 0;

	if (n == 0) {
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		x = x * 10 + (s[i] - '0');
		if (x > max) {
			return -2;
		}
	}
	*v = x;
	return 0;
}

/* Parses the port text ('n' bytes after ':') into 'h->port'. */
static int tsr_dsn_set_port(tsr_dsn_host *h, const char *s, size_t n, tsr_error *e)
{
	long v = 0;
	int r;

	if (n == 0) {
		return tsr_error_set(e, TSR_EBADDSN, "DSN port is empty after ':'");
	}
	r = tsr_dsn_number(s, n, 65535, &v);
	if (r == -1) {
		return tsr_error_set(e, TSR_EBADDSN, "DSN port '%.*s' is not a number", TSR_DSN_ECHO_LEN(n),
		                     s);
	}
	if (r == -2 || v == 0) {
		return tsr_error_set(e, TSR_EBADDSN, "DSN port '%.*s' out of range 1..65535",
		                     TSR_DSN_ECHO_LEN(n), s);
	}
	h->port = (int) v;
	return TSR_OK;
}

/* Parses one "host[:port]" or "[ipv6][:port]" ('n' bytes at 's') into 'h'. */
static int tsr_dsn_set_host(tsr_dsn_host *h, const char *s, size_t n, tsr_error *e)
{
	const char *host;
	size_t hlen;
	const char *after;
	size_t alen;
	int rc;

	if (n == 0) {
		return tsr_error_set(e, TSR_EBADDSN, "DSN host is empty");
	}
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);
		char buf[INET6_ADDRSTRLEN];
		unsigned char addr[16];
		if (close == NULL) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN IPv6 host '%.*s' lacks its ']'",
			                     TSR_DSN_ECHO_LEN(n), s);
		}
		host = s + 1;
		hlen = (size_t) (close - host);
		if (hlen == 0 || hlen >= sizeof(buf)) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN host '[%.*s]' is not an IPv6 address",
			                     TSR_DSN_ECHO_LEN(hlen), host);
		}
		memcpy(buf, host, hlen);
		buf[hlen] = '\0';
		if (inet_pton(AF_INET6, buf, addr) != 1) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN host '[%.*s]' is not an IPv6 address",
			                     TSR_DSN_ECHO_LEN(hlen), host);
		}
		after = close + 1;
		alen = n - (size_t) (after - s);
		if (alen > 0 && after[0] != ':') {
			return tsr_error_set(e, TSR_EBADDSN, "DSN host '%.*s' has bytes after ']'",
			                     TSR_DSN_ECHO_LEN(n), s);
		}
	} else {
		const char *colon = memchr(s, ':', n);
		host = s;
		hlen = colon != NULL ? (size_t) (colon - s) : n;
		after = s + hlen;
		alen = n - hlen;
		if (colon != NULL && memchr(colon + 1, ':', n - hlen - 1) != NULL) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN IPv6 host must be in brackets: '%.*s'",
			                     TSR_DSN_ECHO_LEN(n), s);
		}
		if (hlen == 0) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN host is empty");
		}
		if (hlen > TSR_DSN_MAX_HOST) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN host is longer than %d bytes",
			                     TSR_DSN_MAX_HOST);
		}
		for (size_t i = 0; i < hlen; i++) {
			unsigned char c = (unsigned char) host[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      c == '-' || c == '.' || c == '_')) {
				return tsr_error_set(e, TSR_EBADDSN, "DSN host '%.*s' has an invalid character",
				                     TSR_DSN_ECHO_LEN(hlen), host);
			}
		}
	}
	if (alen > 0) {
		if ((rc = tsr_dsn_set_port(h, after + 1, alen - 1, e)) != TSR_OK) {
			return rc;
		}
	}
	return tsr_dsn_dup(host, hlen, &h->host, e);
}

/* Parses the comma-separated host list ('n' bytes at 's') into 'out->hosts'. */
static int tsr_dsn_set_hosts(tsr_dsn *out, const char *s, size_t n, tsr_error *e)
{
	size_t i = 0;
	int rc;

	if (out->scheme != TSR_DSN_REDIS_CLUSTER && memchr(s, ',', n) != NULL) {
		return tsr_error_set(e, TSR_EBADDSN,
		                     "%s DSN takes one host; only redis+cluster takes a list",
		                     tsr_dsn_scheme_name(out->scheme));
	}
	for (;;) {
		const char *comma = memchr(s + i, ',', n - i);
		size_t end = comma != NULL ? (size_t) (comma - s) : n;
		if (out->n_hosts == TSR_DSN_MAX_HOSTS) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN lists more than %u hosts", TSR_DSN_MAX_HOSTS);
		}
		rc = tsr_dsn_set_host(&out->hosts[out->n_hosts], s + i, end - i, e);
		if (rc != TSR_OK) {
			return rc;
		}
		out->n_hosts++;
		if (comma == NULL) {
			return TSR_OK;
		}
		i = end + 1;
	}
}

/* Parses the query ('n' bytes after '?') into 'out->options'. */
static int tsr_dsn_set_options(tsr_dsn *out, const char *s, size_t n, tsr_error *e)
{
	size_t i = 0;
	int rc;

	if (n == 0) {
		return tsr_error_set(e, TSR_EBADDSN, "DSN has an empty option list after '?'");
	}
	for (;;) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp != NULL ? (size_t) (amp - s) : n;
		const char *eq = memchr(s + i, '=', end - i);
		size_t nend = eq != NULL ? (size_t) (eq - s) : end;
		tsr_dsn_option *opt;
		char what[TSR_DSN_ECHO + 32];
		char *name = NULL;

		if (end == i) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN has an empty option (a stray '&')");
		}
		if (nend == i) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN option without a name");
		}
		if (out->n_options == TSR_DSN_MAX_OPTIONS) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN has more than %u options",
			                     TSR_DSN_MAX_OPTIONS);
		}
		if ((rc = tsr_dsn_decode(s + i, nend - i, "option name", &name, e)) != TSR_OK) {
			return rc;
		}
		if (tsr_dsn_option_get(out, name) != NULL) {
			rc = tsr_error_set(e, TSR_EBADDSN, "DSN option '%.*s' given twice",
			                   TSR_DSN_ECHO_LEN(strlen(name)), name);
			free(name);
			return rc;
		}
		opt = &out->options[out->n_options++];
		opt->name = name;
		snprintf(what, sizeof(what), "option '%.*s' value", TSR_DSN_ECHO_LEN(strlen(name)), name);
		if (eq != NULL) {
			rc = tsr_dsn_decode(eq + 1, end - nend - 1, what, &opt->value, e);
		} else {
			rc = tsr_dsn_dup("", 0, &opt->value, e);
		}
		if (rc != TSR_OK) {
			return rc;
		}
		if (amp == NULL) {
			return TSR_OK;
		}
		i = end + 1;
	}
}

/* Parses a redis database number ('n' bytes at 's', digits only) into 'out->db'. */
static int tsr_dsn_set_db(tsr_dsn *out, const char *s, size_t n, tsr_error *e)
{
	long v = 0;

	if (tsr_dsn_number(s, n, INT_MAX, &v) != 0) {
		return tsr_error_set(e, TSR_EBADDSN,
		                     "DSN redis database '%.*s' must be a number 0..2147483647",
		                     TSR_DSN_ECHO_LEN(n), s);
	}
	out->db = (int) v;
	return TSR_OK;
}

/*
 * Parses the options after the first '?' of the 'n' bytes at 's', if any,
 * and shortens '*n' to the part before the '?'.
 */
static int tsr_dsn_split_query(tsr_dsn *out, const char *s, size_t *n, tsr_error *e)
{
	const char *q = memchr(s, '?', *n);
	size_t before;
	int rc;

	if (q == NULL) {
		return TSR_OK;
	}
	before = (size_t) (q - s);
	rc = tsr_dsn_set_options(out, q + 1, *n - before - 1, e);
	*n = before;
	return rc;
}

/* files:// and sqlite:// (and a bare absolute path): 'rest' is the path and options. */
static int tsr_dsn_parse_local(tsr_dsn *out, const char *rest, size_t n, tsr_error *e)
{
	const char *name = tsr_dsn_scheme_name(out->scheme);
	int rc;

	if (n > 0 && rest[0] != '/' && memchr(rest, '@', n) != NULL) {
		return tsr_error_set(e, TSR_EBADDSN, "%s DSN takes no user, password or host", name);
	}
	if ((rc = tsr_dsn_split_query(out, rest, &n, e)) != TSR_OK) {
		return rc;
	}
	return tsr_dsn_set_path(out, name, rest, n, e);
}

/* redis+unix://[userinfo@]/socket/path[?options] */
static int tsr_dsn_parse_unix(tsr_dsn *out, const char *rest, size_t n, tsr_error *e)
{
	const char *db;
	int rc;

	if (n == 0 || rest[0] != '/') {
		const char *at = memmem(rest, n, "@/", 2);
		if (at == NULL) {
			return tsr_error_set(e, TSR_EBADDSN,
			                     "redis+unix DSN needs an absolute socket path: "
			                     "redis+unix:///path/to/redis.sock");
		}
		if ((rc = tsr_dsn_set_userinfo(out, rest, (size_t) (at - rest), e)) != TSR_OK) {
			return rc;
		}
		n -= (size_t) (at + 1 - rest);
		rest = at + 1;
	}
	if ((rc = tsr_dsn_split_query(out, rest, &n, e)) != TSR_OK) {
		return rc;
	}
	if ((rc = tsr_dsn_set_path(out, "redis+unix", rest, n, e)) != TSR_OK) {
		return rc;
	}
	db = tsr_dsn_option_get(out, "db");
	if (db != NULL) {
		return tsr_dsn_set_db(out, db, strlen(db), e);
	}
	return TSR_OK;
}

/* redis, redis+cluster, mysql, pgsql: [userinfo@]hosts[/path][?options] */
static int tsr_dsn_parse_net(tsr_dsn *out, const char *rest, size_t n, tsr_error *e)
{
	const char *name = tsr_dsn_scheme_name(out->scheme);
	const char *at = memrchr(rest, '@', n);
	const char *slash;
	const char *path = NULL;
	size_t plen = 0;
	const char *db;
	int path_db = 0;
	int rc;

	if (at != NULL) {
		if ((rc = tsr_dsn_set_userinfo(out, rest, (size_t) (at - rest), e)) != TSR_OK) {
			return rc;
		}
		n -= (size_t) (at + 1 - rest);
		rest = at + 1;
	}
	if ((rc = tsr_dsn_split_query(out, rest, &n, e)) != TSR_OK) {
		return rc;
	}
	slash = memchr(rest, '/', n);
	if (slash != NULL) {
		path = slash;
		plen = n - (size_t) (slash - rest);
		n = (size_t) (slash - rest);
	}
	if ((rc = tsr_dsn_set_hosts(out, rest, n, e)) != TSR_OK) {
		return rc;
	}

	switch (out->scheme) {
	case TSR_DSN_REDIS:
		if (plen > 1) {
			if ((rc = tsr_dsn_set_db(out, path + 1, plen - 1, e)) != TSR_OK) {
				return rc;
			}
			path_db = 1;
		}
		break;
	case TSR_DSN_REDIS_CLUSTER:
		if (plen > 1) {
			return tsr_error_set(e, TSR_EBADDSN, "redis+cluster DSN takes no database path");
		}
		break;
	default: /* mysql, pgsql */
		if (plen <= 1) {
			return tsr_error_set(e, TSR_EBADDSN, "%s DSN needs a database name: %s://host/dbname",
			                     name, name);
		}
		if (memchr(path + 1, '/', plen - 1) != NULL) {
			return tsr_error_set(e, TSR_EBADDSN,
			                     "%s DSN database name must not contain '/': '%.*s'", name,
			                     TSR_DSN_ECHO_LEN(plen - 1), path + 1);
		}
		return tsr_dsn_dup(path + 1, plen - 1, &out->path, e);
	}

	db = tsr_dsn_option_get(out, "db");
	if (db != NULL) {
		if (path_db) {
			return tsr_error_set(e, TSR_EBADDSN,
			                     "redis DSN gives the database both as a path and as ?db=");
		}
		if ((rc = tsr_dsn_set_db(out, db, strlen(db), e)) != TSR_OK) {
			return rc;
		}
	}
	if (out->scheme == TSR_DSN_REDIS_CLUSTER && out->db != 0) {
		return tsr_error_set(e, TSR_EBADDSN, "redis+cluster supports only database 0");
	}
	return TSR_OK;
}

/*
 * Finds the scheme written in the 'n' bytes at 's' (case-insensitively)
 * and stores it in 'out->scheme'.
 */
static int tsr_dsn_set_scheme(tsr_dsn *out, const char *s, size_t n, tsr_error *e)
{
	for (size_t i = 0; i < sizeof(tsr_dsn_schemes) / sizeof(tsr_dsn_schemes[0]); i++) {
		if (strlen(tsr_dsn_schemes[i].name) == n &&
		    strncasecmp(tsr_dsn_schemes[i].name, s, n) == 0) {
			out->scheme = tsr_dsn_schemes[i].scheme;
			return TSR_OK;
		}
	}
	/* Quote the scheme only when it looks like one, so no user info is echoed. */
	if (n == 0 || n > 32 ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") < n) {
		return tsr_error_set(e, TSR_EBADDSN, "DSN has no valid scheme");
	}
	return tsr_error_set(e, TSR_EBADDSN, "unknown DSN scheme '%.*s'", (int) n, s);
}

/*
 * Parses the NUL-terminated DSN 'text' into 'out' (need not be initialised;
 * owned by the caller, released with tsr_dsn_clear). Returns TSR_OK,
 * TSR_EBADDSN naming the bad part in 'e' (never quoting user info, a
 * password or an option value), TSR_EINVAL (NULL 'out') or TSR_ENOMEM.
 * 'out' is left cleared on failure.
 */
int tsr_dsn_parse(const char *text, tsr_dsn *out, tsr_error *e)
{
	const char *sep;
	size_t len;
	int rc;

	if (out == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "DSN parse: NULL output");
	}
	memset(out, 0, sizeof(*out));
	if (text == NULL) {
		return tsr_error_set(e, TSR_EBADDSN, "DSN is missing");
	}
	len = strnlen(text, (size_t) TSR_DSN_MAX_LEN + 1);
	if (len > TSR_DSN_MAX_LEN) {
		return tsr_error_set(e, TSR_EBADDSN, "DSN is longer than %u bytes", TSR_DSN_MAX_LEN);
	}
	if (len == 0) {
		return tsr_error_set(e, TSR_EBADDSN, "DSN is empty");
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char) text[i];
		if (c < 0x20 || c == 0x7f) {
			return tsr_error_set(e, TSR_EBADDSN, "DSN contains a control byte at offset %zu", i);
		}
	}

	if (text[0] == '/') {
		out->scheme = TSR_DSN_FILES;
		rc = tsr_dsn_parse_local(out, text, len, e);
		goto cleanup;
	}
	sep = strstr(text, "://");
	if (sep == NULL) {
		if (strpbrk(text, ":@") == NULL) {
			rc = tsr_error_set(e, TSR_EBADDSN, "files DSN path must be absolute: '%.*s'",
			                   TSR_DSN_ECHO_LEN(len), text);
		} else {
			rc = tsr_error_set(e, TSR_EBADDSN, "DSN must be scheme://... or an absolute path");
		}
		goto cleanup;
	}
	if ((rc = tsr_dsn_set_scheme(out, text, (size_t) (sep - text), e)) != TSR_OK) {
		goto cleanup;
	}
	sep += 3;
	len -= (size_t) (sep - text);
	switch (out->scheme) {
	case TSR_DSN_FILES:
	case TSR_DSN_SQLITE:
		rc = tsr_dsn_parse_local(out, sep, len, e);
		break;
	case TSR_DSN_REDIS_UNIX:
		rc = tsr_dsn_parse_unix(out, sep, len, e);
		break;
	default:
		rc = tsr_dsn_parse_net(out, sep, len, e);
		break;
	}

cleanup:
	if (rc != TSR_OK) {
		tsr_dsn_clear(out);
	}
	return rc;
}
