/*
 * `tessera ls`: one line (or one JSON object) per stored session, streamed
 * as the store lists them, so a store of a million sessions is listed in
 * constant memory. A record that does not decode is reported on stderr and
 * skipped; the listing goes on and the exit code says something was wrong.
 */
#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include "tessera/policy.h"

#include "cli.h"

/* State of one listing. */
typedef struct tsr_cli_ls {
	const char *what;
	const char *user; /* filter, or NULL */
	bool json;
	int64_t now;
	uint64_t listed;
	uint64_t bad;
} tsr_cli_ls;

/* Writes one text line: key prefix, created, last active, expires, user, payload bytes. */
static void tsr_cli_ls_text(const tsr_key *key, const tsr_record *rec, int64_t expires_at)
{
	char created[TSR_CLI_ISO_SIZE], active[TSR_CLI_ISO_SIZE], expires[TSR_CLI_ISO_SIZE];

	tsr_cli_iso_time(rec->created_at, created);
	tsr_cli_iso_time(rec->last_active, active);
	tsr_cli_iso_time(expires_at, expires);
	printf("%.*s %s %s %s ", (int) TSR_CLI_LS_PREFIX, key->hex, created, active, expires);
	tsr_cli_put_token(stdout, rec->user_id.data, rec->user_id.len);
	printf(" %zu\n", rec->payload.len);
}

/* Writes one JSON object (the full key, times, user or null, payload size, expired). */
static void tsr_cli_ls_json(const tsr_cli_ls *ls, const tsr_key *key, const tsr_record *rec,
                            int64_t expires_at)
{
	tsr_cli_json j;

	fputs(ls->listed == 0 ? "\n" : ",\n", stdout);
	tsr_cli_json_open(&j, stdout);
	tsr_cli_json_key(&j, "key");
	tsr_cli_json_string(stdout, key->hex, TSR_KEY_HEX_LEN);
	tsr_cli_json_time(&j, "created", rec->created_at);
	tsr_cli_json_time(&j, "last_active", rec->last_active);
	tsr_cli_json_time(&j, "expires", expires_at);
	tsr_cli_json_key(&j, "user");
	if (rec->user_id.len == 0) {
		fputs("null", stdout);
	} else {
		tsr_cli_json_bytes(stdout, rec->user_id.data, rec->user_id.len);
	}
	tsr_cli_json_key(&j, "payload_bytes");
	printf("%zu", rec->payload.len);
	tsr_cli_json_key(&j, "expired");
	fputs(tsr_cli_expired(rec, expires_at, ls->now) ? "true" : "false", stdout);
	tsr_cli_json_close(&j);
}

/* Listing visitor: decodes the record and writes its line. */
static int tsr_cli_ls_visit(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                            int64_t expires_at)
{
	tsr_cli_ls *ls = arg;
	tsr_record rec;
	tsr_error e = {0};

	tsr_record_init(&rec);
	if (tsr_cli_decode(key, record, len, &rec, &e) != TSR_OK) {
		tsr_cli_error(ls->what, "session %.*s: %s", (int) TSR_CLI_LS_PREFIX, key->hex,
		              e.errstr[0] != '\0' ? e.errstr : tsr_strerror(e.err));
		ls->bad++;
		return 0;
	}
	/* The store filtered by user already; a stale index must not list a stranger. */
	if (ls->user == NULL || (rec.user_id.len == strlen(ls->user) &&
	                         memcmp(rec.user_id.data, ls->user, rec.user_id.len) == 0)) {
		if (ls->json) {
			tsr_cli_ls_json(ls, key, &rec, expires_at);
		} else {
			tsr_cli_ls_text(key, &rec, expires_at);
		}
		ls->listed++;
	}
	tsr_record_clear(&rec);
	return 0;
}

/* `tessera ls DSN [--user ID] [--json]`. */
static int tsr_cli_ls_run(const tsr_cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {{"user", required_argument, NULL, 'u'},
	                                     {"json", no_argument, NULL, 'j'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	tsr_cli_ls ls = {.what = cmd->name};
	tsr_store *st = NULL;
	int c, rc, status;

	while ((c = getopt_long(argc, argv, ":hju:", opts, NULL)) != -1) {
		if (c == 'j') {
			ls.json = true;
		} else if (c == 'u') {
			ls.user = optarg;
		} else {
			return tsr_cli_option_end(cmd, c, argv);
		}
	}
	if (argc - optind != 1) {
		return tsr_cli_usage_error(cmd, argc - optind < 1 ? "missing DSN" : "too many arguments");
	}
	if (ls.user != NULL && !tsr_cli_user_ok(ls.user)) {
		return tsr_cli_usage_error(cmd, "--user must be 1 to %u bytes", TSR_RECORD_MAX_USER_ID);
	}
	status = tsr_cli_open_store(cmd->name, argv[optind], 0, &st);
	if (status != TSR_CLI_EXIT_OK) {
		return status;
	}
	ls.now = tsr_clock_now_ms();
	if (ls.json) {
		fputc('[', stdout);
	}
	rc = tsr_store_list(st, ls.user, tsr_cli_ls_visit, &ls);
	if (ls.json) {
		fputs(ls.listed == 0 ? "]\n" : "\n]\n", stdout);
	}
	if (rc != TSR_OK) {
		status = tsr_cli_lib_error(cmd->name, rc, tsr_store_error(st));
	} else if (ls.bad > 0) {
		tsr_cli_error(cmd->name, "%" PRIu64 " record(s) could not be read", ls.bad);
		status = TSR_CLI_EXIT_FAIL;
	}
	tsr_store_close(st);
	return tsr_cli_finish(cmd->name, status);
}

const tsr_cli_command tsr_cli_cmd_ls = {
    .name = "ls",
    .synopsis = "ls DSN [--user ID] [--json]",
    .help = "Lists the stored sessions, one line each, in store order:\n"
            "  KEYPREFIX CREATED LAST_ACTIVE EXPIRES USER PAYLOAD_BYTES\n"
            "KEYPREFIX is the first 16 hex characters of the storage key; times are\n"
            "ISO 8601 UTC; USER is \"-\" when none, and bytes other than printable ASCII\n"
            "are written \\xNN, so every field is one word.\n"
            "Options:\n"
            "  --user ID    only the sessions bound to user ID\n"
            "  --json       a JSON array of objects with the full key, times (ISO and\n"
            "               *_ms), user (null, a string, or {\"base64\":...}),\n"
            "               payload_bytes and expired\n",
    .run = tsr_cli_ls_run,
};
