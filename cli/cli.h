/*
 * The tessera command's shared declarations: exit codes, the command table
 * entry, error reporting in the one "tessera: <what>: <detail>" shape,
 * option and argument checks, store opening, session addressing and the
 * output formatters (format.c).
 *
 * Output rules every command follows: results go to stdout, diagnostics to
 * stderr. Text output is made of whitespace-free tokens (opaque bytes are
 * escaped by tsr_cli_put_token), so `awk` or `cut -d' '` can split it;
 * --json output is one JSON document. A raw session ID is never printed.
 */
#ifndef TESSERA_CLI_H
#define TESSERA_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tessera/error.h"
#include "tessera/key.h"
#include "tessera/record.h"
#include "tessera/store.h"

/* Exit codes. */
#define TSR_CLI_EXIT_OK 0
#define TSR_CLI_EXIT_FAIL 1  /* operational error: store, lock, unknown session */
#define TSR_CLI_EXIT_USAGE 2 /* the command line is wrong */

/* Shortest key prefix a user may give to address a session. */
#define TSR_CLI_MIN_PREFIX 8u

/* Hex characters of the key shown by `ls`. */
#define TSR_CLI_LS_PREFIX 16u

/* Size of the buffer tsr_cli_iso_time fills (the longest year fits). */
#define TSR_CLI_ISO_SIZE 40u

/* One sub-command. */
typedef struct tsr_cli_command {
	const char *name;
	const char *synopsis; /* the usage line after "tessera " */
	const char *help;     /* what it does and its options, several lines */
	int (*run)(const struct tsr_cli_command *cmd, int argc, char **argv);
} tsr_cli_command;

/* The commands, one per cmd_*.c entry point. */
extern const tsr_cli_command tsr_cli_cmd_gc;
extern const tsr_cli_command tsr_cli_cmd_stats;
extern const tsr_cli_command tsr_cli_cmd_ls;
extern const tsr_cli_command tsr_cli_cmd_show;
extern const tsr_cli_command tsr_cli_cmd_revoke;
extern const tsr_cli_command tsr_cli_cmd_revoke_user;

/* ---- errors and usage (cli/report.c) ---- */

/* Prints "tessera: 'what': <formatted detail>" and a newline to stderr. */
void tsr_cli_error(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Prints a library failure as "tessera: 'what': <detail>", the detail being
 * e->errstr when set and tsr_strerror('code') otherwise. 'e' may be NULL.
 * Returns TSR_CLI_EXIT_FAIL.
 */
int tsr_cli_lib_error(const char *what, int code, const tsr_error *e);

/*
 * Prints "tessera: <cmd>: <formatted detail>", then the command's usage line
 * and a pointer to --help, all to stderr. Returns TSR_CLI_EXIT_USAGE.
 */
int tsr_cli_usage_error(const tsr_cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints the full help of 'cmd' to 'out'. */
void tsr_cli_print_help(const tsr_cli_command *cmd, FILE *out);

/*
 * Handles what a command's getopt_long loop does not: 'c' is the value
 * getopt_long returned ('h' for help, '?' unknown option, ':' missing
 * argument; the optstring must start with ':'). Prints help to stdout and
 * returns TSR_CLI_EXIT_OK for 'h'; otherwise prints a usage error naming the
 * option (truncated, so a mistyped ID is not echoed whole) and returns
 * TSR_CLI_EXIT_USAGE.
 */
int tsr_cli_option_end(const tsr_cli_command *cmd, int c, char **argv);

/*
 * Flushes stdout and reports a failed write ("tessera: 'what': write
 * error: ..."). Returns 'status' when the output went out, else
 * TSR_CLI_EXIT_FAIL.
 */
int tsr_cli_finish(const char *what, int status);

/* ---- arguments and stores (cli/common.c) ---- */

/*
 * Parses --wait 'text' (non-negative seconds, up to 3 decimals, at most a
 * day) into '*ms'. Returns true on success.
 */
bool tsr_cli_parse_seconds(const char *text, int *ms);

/*
 * Checks a user id given on the command line: non-empty and at most
 * TSR_RECORD_MAX_USER_ID bytes. Returns true when usable.
 */
bool tsr_cli_user_ok(const char *user);

/*
 * Opens the store named by 'dsn' with the given exclusive-lock wait into
 * '*out' (caller closes it with tsr_store_close). On failure prints the
 * library's message under 'what' and returns TSR_CLI_EXIT_FAIL.
 */
int tsr_cli_open_store(const char *what, const char *dsn, int lock_wait_ms, tsr_store **out);

/*
 * Decodes the 'len' record bytes at 'buf' stored under 'key' into 'rec'
 * (initialised by the caller, cleared on failure) and checks that the
 * record names that key. Returns TSR_OK, or TSR_EBADRECORD /
 * TSR_ENOMEM with detail in 'e'.
 */
int tsr_cli_decode(const tsr_key *key, const uint8_t *buf, size_t len, tsr_record *rec,
                   tsr_error *e);

/* True when the session with deadline 'expires_at' and record 'rec' is dead at 'now'. */
bool tsr_cli_expired(const tsr_record *rec, int64_t expires_at, int64_t now);

/* ---- addressing one session (cli/target.c) ---- */

/*
 * How a command names one session: a key or key prefix (positional) or a
 * raw session ID (--id). Exactly one of the two is set.
 */
typedef struct tsr_cli_target {
	const char *key_text;             /* borrowed from argv */
	char *sid;                        /* borrowed from argv; wiped once hashed */
	char prefix[TSR_KEY_HEX_LEN + 1]; /* lower-case key or prefix, after tsr_cli_target_check */
	tsr_key key;                      /* the key, once known */
	bool have_key;
} tsr_cli_target;

/*
 * Checks the syntax of 't' for 'cmd' before any store is opened: exactly
 * one of key and --id; a key of TSR_CLI_MIN_PREFIX to 64 hex characters;
 * an --id ("-" reads it from stdin) that the library accepts, which is then
 * hashed into t->key and wiped from memory. Returns TSR_CLI_EXIT_OK,
 * TSR_CLI_EXIT_USAGE (key syntax, both or neither given) or
 * TSR_CLI_EXIT_FAIL (the library rejected the ID; its message is printed).
 */
int tsr_cli_target_check(const tsr_cli_command *cmd, tsr_cli_target *t);

/*
 * Finds the full key of 't' on 'st': a full key or an ID needs no lookup; a
 * prefix must match exactly one stored key. Returns TSR_CLI_EXIT_OK with
 * t->key set, or TSR_CLI_EXIT_FAIL after printing why (no match, more than
 * one, store error) under 'what'.
 */
int tsr_cli_target_resolve(const char *what, tsr_store *st, tsr_cli_target *t);

/* ---- output (cli/format.c) ---- */

/*
 * Writes 'ms' (ms since the Unix epoch) as ISO 8601 UTC
 * "YYYY-MM-DDTHH:MM:SSZ" into 'out' (TSR_CLI_ISO_SIZE bytes), or "invalid"
 * when the time cannot be represented.
 */
void tsr_cli_iso_time(int64_t ms, char out[TSR_CLI_ISO_SIZE]);

/*
 * Writes 'len' opaque bytes at 'p' to 'f' as one whitespace-free token:
 * printable ASCII other than '\' as is, every other byte as \xNN. An empty
 * value is written "-" (and a value that is exactly "-" as \x2d).
 */
void tsr_cli_put_token(FILE *f, const uint8_t *p, size_t len);

/* True when the 'len' bytes at 'p' are well-formed UTF-8 (RFC 3629). */
bool tsr_cli_utf8_valid(const uint8_t *p, size_t len);

/*
 * A JSON writer for one object at a time: tsr_cli_json_key writes the comma
 * and the member name; the value writers follow it.
 */
typedef struct tsr_cli_json {
	FILE *f;
	bool first;
} tsr_cli_json;

/* Writes '{' and starts an object. */
void tsr_cli_json_open(tsr_cli_json *j, FILE *f);
/* Writes '}'. */
void tsr_cli_json_close(tsr_cli_json *j);
/* Writes the separator (when needed) and "name": ('name' is plain ASCII). */
void tsr_cli_json_key(tsr_cli_json *j, const char *name);
/* Writes 'len' bytes at 's' as a JSON string; the caller has checked they are UTF-8. */
void tsr_cli_json_string(FILE *f, const char *s, size_t len);
/*
 * Writes opaque bytes: a JSON string when they are UTF-8, otherwise
 * {"base64":"..."} (RFC 4648 section 4).
 */
void tsr_cli_json_bytes(FILE *f, const uint8_t *p, size_t len);
/* Writes a member "name": "ISO time" and a member "name_ms": ms. */
void tsr_cli_json_time(tsr_cli_json *j, const char *name, int64_t ms);

#endif
