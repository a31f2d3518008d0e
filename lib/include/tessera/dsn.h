/*
 * Store DSNs: which store a session.save_path (or Store::open) names.
 *
 * Accepted forms:
 *   /absolute/path                      files store
 *   files:///absolute/path              files store
 *   sqlite:///absolute/path.db          (reserved until the SQLite store lands)
 *   redis://[user:password@]host[:port][/db][?name=value&...]
 *   redis+unix:///path/to/redis.sock[?db=N&...]
 *   redis+cluster://host:port,host:port[?...]   (seed nodes)
 *   mysql://[user:password@]host[:port]/database[?...]
 *   pgsql://[user:password@]host[:port]/database[?...]
 *
 * The parser is generic: it splits scheme, user info (percent-decoded),
 * one or more host[:port] (IPv6 in brackets), path, db number (redis) and
 * query options (percent-decoded), and rejects what cannot be right in any
 * store: relative or '..'-bearing paths, empty hosts, ports outside 1..65535,
 * NUL or control bytes, unknown schemes. Each rejection names the bad part.
 * Whether a store is built in is decided later, by tsr_store_open().
 */
#ifndef TESSERA_DSN_H
#define TESSERA_DSN_H

#include <stddef.h>
#include "tessera/error.h"

typedef enum tsr_dsn_scheme {
	TSR_DSN_FILES = 0,
	TSR_DSN_SQLITE,
	TSR_DSN_REDIS,
	TSR_DSN_REDIS_UNIX,
	TSR_DSN_REDIS_CLUSTER,
	TSR_DSN_MYSQL,
	TSR_DSN_PGSQL,
} tsr_dsn_scheme;

#define TSR_DSN_MAX_LEN 4096u
#define TSR_DSN_MAX_HOSTS 16u
#define TSR_DSN_MAX_OPTIONS 32u

typedef struct tsr_dsn_host {
	char *host; /* without brackets for IPv6 */
	int port;   /* 0 when not given */
} tsr_dsn_host;

typedef struct tsr_dsn_option {
	char *name;
	char *value;
} tsr_dsn_option;

/* A parsed DSN. Every string is owned by the struct; free with tsr_dsn_clear(). */
typedef struct tsr_dsn {
	tsr_dsn_scheme scheme;
	char *user;     /* NULL when absent */
	char *password; /* NULL when absent */
	tsr_dsn_host hosts[TSR_DSN_MAX_HOSTS];
	size_t n_hosts;
	char *
	    path; /* files, sqlite, unix socket: absolute path; mysql/pgsql: database name; else NULL */
	int db;   /* redis database number, 0 when not given */
	tsr_dsn_option options[TSR_DSN_MAX_OPTIONS];
	size_t n_options;
} tsr_dsn;

/*
 * Parses the NUL-terminated 'text' into 'out' (which need not be
 * initialised; on failure it is left cleared). Returns TSR_OK, TSR_EBADDSN
 * with a message naming the bad part (never echoing a password), or
 * TSR_ENOMEM.
 */
int tsr_dsn_parse(const char *text, tsr_dsn *out, tsr_error *e);

/* Frees everything 'dsn' owns (wiping the password) and zeroes it. NULL is fine. */
void tsr_dsn_clear(tsr_dsn *dsn);

/* Returns the value of option 'name' or NULL when absent. Borrowed from 'dsn'. */
const char *tsr_dsn_option_get(const tsr_dsn *dsn, const char *name);

/* Returns the scheme's name as written in a DSN ("files", "redis+cluster", ...). Static. */
const char *tsr_dsn_scheme_name(tsr_dsn_scheme scheme);

#endif
