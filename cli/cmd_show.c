/*
 * `tessera show`: every field of one session's record, as "name value"
 * lines or one JSON object. The session is read with a READ_ONLY lock (a
 * snapshot that never waits for, nor blocks, a request holding it). The
 * CSRF secret is reported only as present or absent, the forward pointer
 * (a sealed new ID) only by its deadline; the payload only with --payload.
 */
#include <getopt.h>
#include <inttypes.h>

#include "tessera/policy.h"

#include "cli.h"

/* What `show` prints, and how. */
typedef struct tsr_cli_show {
	const tsr_key *key;
	const tsr_record *rec;
	int64_t expires_at;
	bool expired;
	bool payload;
} tsr_cli_show;

/* Prints "name ISO" for a time field. */
static void tsr_cli_show_time(const char *name, int64_t ms)
{
	char iso[TSR_CLI_ISO_SIZE];

	tsr_cli_iso_time(ms, iso);
	printf("%-16s%s\n", name, iso);
}

/* Prints "name token" for an opaque byte field. */
static void tsr_cli_show_token(const char *name, const tsr_bytes *b)
{
	printf("%-16s", name);
	tsr_cli_put_token(stdout, b->data, b->len);
	putchar('\n');
}

/* The text form: one "name value" line per field, every value one word. */
static void tsr_cli_show_text(const tsr_cli_show *s)
{
	const tsr_record *rec = s->rec;

	printf("%-16s%s\n", "key", s->key->hex);
	printf("%-16s%s\n", "state", s->expired ? "expired" : "live");
	tsr_cli_show_time("created", rec->created_at);
	tsr_cli_show_time("last_active", rec->last_active);
	tsr_cli_show_time("expires", s->expires_at);
	printf("%-16s%" PRIu32 "\n", "idle_timeout", rec->idle_timeout);
	if (rec->absolute_expiry == 0) {
		printf("%-16s%s\n", "absolute_expiry", "none");
	} else {
		tsr_cli_show_time("absolute_expiry", rec->absolute_expiry);
	}
	printf("%-16s%" PRIu64 "\n", "generation", rec->generation);
	tsr_cli_show_token("user", &rec->user_id);
	printf("%-16s%s\n", "encrypted", (rec->flags & TSR_RECORD_FLAG_ENCRYPTED) ? "yes" : "no");
	printf("%-16s%zu\n", "profiles", rec->n_profiles);
	for (size_t i = 0; i < rec->n_profiles; i++) {
		tsr_cli_show_token("profile", &rec->profiles[i]);
	}
	printf("%-16s%s\n", "csrf_secret", rec->csrf_secret.len > 0 ? "present" : "absent");
	printf("%-16s%zu\n", "flash_bytes", rec->flash.len);
	if (rec->forward.len == 0) {
		printf("%-16s%s\n", "forward_until", "none");
	} else {
		tsr_cli_show_time("forward_until", rec->forward_until);
	}
	printf("%-16s%zu\n", "payload_bytes", rec->payload.len);
	if (s->payload) {
		tsr_cli_show_token("payload", &rec->payload);
	}
}

/* The JSON form: one object, opaque bytes as strings or {"base64":...}. */
static void tsr_cli_show_json(const tsr_cli_show *s)
{
	const tsr_record *rec = s->rec;
	tsr_cli_json j;

	tsr_cli_json_open(&j, stdout);
	tsr_cli_json_key(&j, "key");
	tsr_cli_json_string(stdout, s->key->hex, TSR_KEY_HEX_LEN);
	tsr_cli_json_key(&j, "state");
	fputs(s->expired ? "\"expired\"" : "\"live\"", stdout);
	tsr_cli_json_time(&j, "created", rec->created_at);
	tsr_cli_json_time(&j, "last_active", rec->last_active);
	tsr_cli_json_time(&j, "expires", s->expires_at);
	tsr_cli_json_key(&j, "idle_timeout");
	printf("%" PRIu32, rec->idle_timeout);
	if (rec->absolute_expiry == 0) {
		tsr_cli_json_key(&j, "absolute_expiry");
		fputs("null", stdout);
	} else {
		tsr_cli_json_time(&j, "absolute_expiry", rec->absolute_expiry);
	}
	tsr_cli_json_key(&j, "generation");
	printf("%" PRIu64, rec->generation);
	tsr_cli_json_key(&j, "user");
	if (rec->user_id.len == 0) {
		fputs("null", stdout);
	} else {
		tsr_cli_json_bytes(stdout, rec->user_id.data, rec->user_id.len);
	}
	tsr_cli_json_key(&j, "encrypted");
	fputs((rec->flags & TSR_RECORD_FLAG_ENCRYPTED) ? "true" : "false", stdout);
	tsr_cli_json_key(&j, "profiles");
	putchar('[');
	for (size_t i = 0; i < rec->n_profiles; i++) {
		if (i > 0) {
			putchar(',');
		}
		tsr_cli_json_bytes(stdout, rec->profiles[i].data, rec->profiles[i].len);
	}
	putchar(']');
	tsr_cli_json_key(&j, "csrf_secret");
	fputs(rec->csrf_secret.len > 0 ? "true" : "false", stdout);
	tsr_cli_json_key(&j, "flash_bytes");
	printf("%zu", rec->flash.len);
	if (rec->forward.len == 0) {
		tsr_cli_json_key(&j, "forward_until");
		fputs("null", stdout);
	} else {
		tsr_cli_json_time(&j, "forward_until", rec->forward_until);
	}
	tsr_cli_json_key(&j, "payload_bytes");
	printf("%zu", rec->payload.len);
	if (s->payload) {
		tsr_cli_json_key(&j, "payload");
		tsr_cli_json_bytes(stdout, rec->payload.data, rec->payload.len);
	}
	tsr_cli_json_close(&j);
	putchar('\n');
}

/*
 * Reads the session 'key' from 'st' as a snapshot and prints it. Returns
 * an exit code; "session not found" when it is not stored.
 */
static int tsr_cli_show_one(const char *what, tsr_store *st, const tsr_key *key, bool json,
                            bool payload)
{
	tsr_bytes bytes = {0};
	tsr_record rec;
	tsr_cli_show s;
	tsr_lock *lock = NULL;
	tsr_error e = {0};
	int64_t expires_at = 0;
	int rc, status = TSR_CLI_EXIT_OK;

	tsr_record_init(&rec);
	rc = tsr_store_acquire(st, key, TSR_LOCK_READ_ONLY, &lock, &bytes, &expires_at);
	if (rc == TSR_ENOTFOUND) {
		tsr_cli_error(what, "%s", tsr_strerror(TSR_ENOTFOUND));
		status = TSR_CLI_EXIT_FAIL;
		goto cleanup;
	}
	if (rc != TSR_OK) {
		status = tsr_cli_lib_error(what, rc, tsr_store_error(st));
		goto cleanup;
	}
	rc = tsr_cli_decode(key, bytes.data, bytes.len, &rec, &e);
	if (rc != TSR_OK) {
		status = tsr_cli_lib_error(what, rc, &e);
		goto cleanup;
	}
	s.key = key;
	s.rec = &rec;
	s.expires_at = expires_at;
	s.expired = tsr_cli_expired(&rec, expires_at, tsr_clock_now_ms());
	s.payload = payload;
	if (json) {
		tsr_cli_show_json(&s);
	} else {
		tsr_cli_show_text(&s);
	}

cleanup:
	tsr_record_clear(&rec);
	tsr_bytes_free(&bytes);
	if (lock != NULL) {
		tsr_store_release(st, lock);
	}
	return status;
}

/* `tessera show DSN KEY|--id SESSION_ID [--json] [--payload]`. */
static int tsr_cli_show_run(const tsr_cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {{"id", required_argument, NULL, 'i'},
	                                     {"json", no_argument, NULL, 'j'},
	                                     {"payload", no_argument, NULL, 'p'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	tsr_cli_target t = {0};
	tsr_store *st = NULL;
	bool json = false, payload = false;
	int c, status, npos;

	while ((c = getopt_long(argc, argv, ":hjpi:", opts, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'p') {
			payload = true;
		} else if (c == 'i') {
			t.sid = optarg;
		} else {
			return tsr_cli_option_end(cmd, c, argv);
		}
	}
	npos = argc - optind;
	if (npos < 1 || npos > 2) {
		return tsr_cli_usage_error(cmd, npos < 1 ? "missing DSN" : "too many arguments");
	}
	t.key_text = npos == 2 ? argv[optind + 1] : NULL;
	status = tsr_cli_target_check(cmd, &t);
	if (status != TSR_CLI_EXIT_OK) {
		return status;
	}
	status = tsr_cli_open_store(cmd->name, argv[optind], 0, &st);
	if (status != TSR_CLI_EXIT_OK) {
		return status;
	}
	status = tsr_cli_target_resolve(cmd->name, st, &t);
	if (status == TSR_CLI_EXIT_OK) {
		status = tsr_cli_show_one(cmd->name, st, &t.key, json, payload);
	}
	tsr_store_close(st);
	return tsr_cli_finish(cmd->name, status);
}

const tsr_cli_command tsr_cli_cmd_show = {
    .name = "show",
    .synopsis = "show DSN KEY|--id SESSION_ID [--json] [--payload]",
    .help = "Prints every field of one session, one \"name value\" line each: key, state\n"
            "(live or expired), created, last_active, expires, idle_timeout (seconds),\n"
            "absolute_expiry, generation, user, encrypted, profiles and one profile line\n"
            "per profile, csrf_secret (present or absent, never its value), flash_bytes,\n"
            "forward_until, payload_bytes. Opaque bytes are written \\xNN outside\n"
            "printable ASCII. The session is read as a snapshot: no lock is waited for.\n"
            "KEY is the storage key or a unique prefix of at least 8 hex characters.\n"
            "Options:\n"
            "  --id SESSION_ID  address the session by its raw ID ('-' reads it from\n"
            "                   stdin, keeping it out of the process list); the ID is\n"
            "                   hashed and never printed\n"
            "  --payload        also print the payload\n"
            "  --json           one JSON object; opaque bytes are strings when they are\n"
            "                   UTF-8, else {\"base64\":...}\n",
    .run = tsr_cli_show_run,
};
