/*
 * `tessera revoke` and `tessera revoke-user`: destroy sessions now. Each
 * session is destroyed under its exclusive lock, taken with the --wait
 * limit like any request would, so a request in flight finishes first and
 * cannot write the session back afterwards (the store's fencing refuses a
 * write to a destroyed session).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Default --wait, in ms. */
#define TSR_CLI_DEFAULT_WAIT_MS 5000

/* The keys a user's listing found, collected before any lock is taken. */
typedef struct tsr_cli_keys {
	tsr_key *keys;
	size_t n, cap;
	bool nomem;
} tsr_cli_keys;

/* True when the record's user id is exactly 'user'. */
static bool tsr_cli_user_is(const tsr_record *rec, const char *user)
{
	size_t len = strlen(user);

	return rec->user_id.len == len && len > 0 && memcmp(rec->user_id.data, user, len) == 0;
}

/*
 * Takes the exclusive lock on 'key' and destroys the session. With 'user'
 * non-NULL the record is first checked, under the lock, to still belong to
 * that user. Returns TSR_OK (destroyed), TSR_ENOTFOUND (not stored, or no
 * longer the user's: nothing done), or another code after printing the
 * failure under 'what'.
 */
static int tsr_cli_destroy_one(const char *what, tsr_store *st, const tsr_key *key,
                               const char *user)
{
	tsr_bytes bytes = {0};
	tsr_record rec;
	tsr_lock *lock = NULL;
	tsr_error e = {0};
	int64_t expires_at = 0;
	int rc, rc2;

	tsr_record_init(&rec);
	rc = tsr_store_acquire(st, key, TSR_LOCK_EXCLUSIVE, &lock, &bytes, &expires_at);
	if (rc == TSR_ENOTFOUND) {
		goto cleanup;
	}
	if (rc != TSR_OK) {
		tsr_cli_lib_error(what, rc, tsr_store_error(st));
		goto cleanup;
	}
	if (user != NULL) {
		rc = tsr_cli_decode(key, bytes.data, bytes.len, &rec, &e);
		if (rc != TSR_OK) {
			tsr_cli_error(what, "session %.*s: %s", (int) TSR_CLI_LS_PREFIX, key->hex,
			              e.errstr[0] != '\0' ? e.errstr : tsr_strerror(rc));
			goto cleanup;
		}
		if (!tsr_cli_user_is(&rec, user)) {
			rc = TSR_ENOTFOUND;
			goto cleanup;
		}
	}
	rc = tsr_store_destroy(st, lock, TSR_RELEASE);
	if (rc != TSR_OK) {
		tsr_cli_lib_error(what, rc, tsr_store_error(st));
	}

cleanup:
	if (lock != NULL) {
		/* The destroy's own error wins over the release's. */
		rc2 = tsr_store_release(st, lock);
		if (rc == TSR_OK && rc2 != TSR_OK) {
			rc = rc2;
			tsr_cli_lib_error(what, rc, tsr_store_error(st));
		}
	}
	tsr_record_clear(&rec);
	tsr_bytes_free(&bytes);
	return rc;
}

/* Parses --wait into '*ms'; returns false after printing a usage error. */
static bool tsr_cli_wait_opt(const tsr_cli_command *cmd, const char *text, int *ms, int *status)
{
	if (!tsr_cli_parse_seconds(text, ms)) {
		*status = tsr_cli_usage_error(cmd, "--wait takes seconds from 0 to 86400");
		return false;
	}
	return true;
}

/* `tessera revoke DSN KEY|--id SESSION_ID [--wait SECONDS]`: prints "revoked 1". */
static int tsr_cli_revoke_run(const tsr_cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {{"id", required_argument, NULL, 'i'},
	                                     {"wait", required_argument, NULL, 'w'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	tsr_cli_target t = {0};
	tsr_store *st = NULL;
	int wait_ms = TSR_CLI_DEFAULT_WAIT_MS;
	int c, rc, status = TSR_CLI_EXIT_OK, npos;

	while ((c = getopt_long(argc, argv, ":hi:w:", opts, NULL)) != -1) {
		if (c == 'i') {
			t.sid = optarg;
		} else if (c == 'w') {
			if (!tsr_cli_wait_opt(cmd, optarg, &wait_ms, &status)) {
				return status;
			}
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
	status = tsr_cli_open_store(cmd->name, argv[optind], wait_ms, &st);
	if (status != TSR_CLI_EXIT_OK) {
		return status;
	}
	status = tsr_cli_target_resolve(cmd->name, st, &t);
	if (status == TSR_CLI_EXIT_OK) {
		rc = tsr_cli_destroy_one(cmd->name, st, &t.key, NULL);
		if (rc == TSR_OK) {
			printf("revoked 1\n");
		} else {
			if (rc == TSR_ENOTFOUND) {
				tsr_cli_error(cmd->name, "%s", tsr_strerror(rc));
			}
			status = TSR_CLI_EXIT_FAIL;
		}
	}
	tsr_store_close(st);
	return tsr_cli_finish(cmd->name, status);
}

/* Listing visitor for revoke-user: remembers each key. */
static int tsr_cli_keys_visit(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                              int64_t expires_at)
{
	tsr_cli_keys *k = arg;

	(void) record;
	(void) len;
	(void) expires_at;
	if (k->n == k->cap) {
		size_t cap = k->cap == 0 ? 64 : k->cap * 2;
		tsr_key *grown = reallocarray(k->keys, cap, sizeof(*grown));
		if (grown == NULL) {
			k->nomem = true;
			return 1;
		}
		k->keys = grown;
		k->cap = cap;
	}
	k->keys[k->n++] = *key;
	return 0;
}

/*
 * `tessera revoke-user DSN USER_ID [--wait SECONDS]`: destroys every session
 * bound to the user and prints "revoked N". A session that cannot be
 * destroyed (lock wait limit, store error) is reported and the others are
 * still revoked; the exit code is then 1.
 */
static int tsr_cli_revoke_user_run(const tsr_cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {{"wait", required_argument, NULL, 'w'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	tsr_cli_keys k = {0};
	tsr_store *st = NULL;
	const char *user;
	uint64_t revoked = 0;
	int wait_ms = TSR_CLI_DEFAULT_WAIT_MS;
	int c, rc, status = TSR_CLI_EXIT_OK;

	while ((c = getopt_long(argc, argv, ":hw:", opts, NULL)) != -1) {
		if (c != 'w') {
			return tsr_cli_option_end(cmd, c, argv);
		}
		if (!tsr_cli_wait_opt(cmd, optarg, &wait_ms, &status)) {
			return status;
		}
	}
	if (argc - optind != 2) {
		return tsr_cli_usage_error(cmd, argc - optind < 2 ? "missing DSN or USER_ID"
		                                                  : "too many arguments");
	}
	user = argv[optind + 1];
	if (!tsr_cli_user_ok(user)) {
		return tsr_cli_usage_error(cmd, "USER_ID must be 1 to %u bytes", TSR_RECORD_MAX_USER_ID);
	}
	status = tsr_cli_open_store(cmd->name, argv[optind], wait_ms, &st);
	if (status != TSR_CLI_EXIT_OK) {
		return status;
	}
	rc = tsr_store_list(st, user, tsr_cli_keys_visit, &k);
	if (k.nomem) {
		rc = TSR_ENOMEM;
		tsr_cli_lib_error(cmd->name, rc, NULL);
	} else if (rc != TSR_OK) {
		tsr_cli_lib_error(cmd->name, rc, tsr_store_error(st));
	}
	if (rc != TSR_OK) {
		status = TSR_CLI_EXIT_FAIL;
		goto cleanup;
	}
	for (size_t i = 0; i < k.n; i++) {
		rc = tsr_cli_destroy_one(cmd->name, st, &k.keys[i], user);
		if (rc == TSR_OK) {
			revoked++;
		} else if (rc != TSR_ENOTFOUND) {
			status = TSR_CLI_EXIT_FAIL;
		}
	}
	printf("revoked %" PRIu64 "\n", revoked);

cleanup:
	free(k.keys);
	tsr_store_close(st);
	return tsr_cli_finish(cmd->name, status);
}

const tsr_cli_command tsr_cli_cmd_revoke = {
    .name = "revoke",
    .synopsis = "revoke DSN KEY|--id SESSION_ID [--wait SECONDS]",
    .help = "Destroys one session now: takes its exclusive lock (a request holding it\n"
            "finishes first), then deletes it. Prints \"revoked 1\".\n"
            "KEY is the storage key or a unique prefix of at least 8 hex characters.\n"
            "Options:\n"
            "  --id SESSION_ID  address the session by its raw ID ('-' reads it from\n"
            "                   stdin); the ID is hashed and never printed\n"
            "  --wait SECONDS   how long to wait for the lock (default 5; 0 = do not\n"
            "                   wait; decimals allowed)\n",
    .run = tsr_cli_revoke_run,
};

const tsr_cli_command tsr_cli_cmd_revoke_user = {
    .name = "revoke-user",
    .synopsis = "revoke-user DSN USER_ID [--wait SECONDS]",
    .help = "Destroys every session bound to USER_ID (\"log out everywhere\"), each under\n"
            "its exclusive lock, checked to still belong to the user once locked.\n"
            "Prints \"revoked N\". Sessions that could not be revoked are reported on\n"
            "stderr and make the exit status 1.\n"
            "Options:\n"
            "  --wait SECONDS   how long to wait for each lock (default 5)\n",
    .run = tsr_cli_revoke_user_run,
};
