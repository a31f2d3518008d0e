/*
 * Addressing one session from the command line: by storage key, by a unique
 * key prefix of at least TSR_CLI_MIN_PREFIX hex characters, or by the raw
 * session ID (--id). A raw ID is validated by the library's rules, hashed
 * with tsr_key_from_sid (the store only ever sees the key) and wiped from
 * memory, argv included, as soon as it is hashed; it is never printed.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tessera/sid.h"

#include "cli.h"

/* State of a prefix search over a store listing. */
typedef struct tsr_cli_match {
	const char *prefix;
	size_t prefix_len;
	size_t matches;
	tsr_key key;
} tsr_cli_match;

/*
 * Reads one line (the ID) from stdin into 'buf' ('size' bytes) without
 * stdio buffering, so no copy is left behind. Stops at a newline, at EOF or
 * when 'buf' is full (which makes the ID too long to validate). Returns the
 * length without the line end, or -1 on a read error.
 */
static ssize_t tsr_cli_read_sid(char *buf, size_t size)
{
	size_t len = 0;

	while (len < size) {
		ssize_t n = read(STDIN_FILENO, buf + len, 1);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			return -1;
		}
		if (n == 0 || buf[len] == '\n') {
			break;
		}
		len++;
	}
	if (len > 0 && buf[len - 1] == '\r') {
		len--;
	}
	return (ssize_t) len;
}

/*
 * Validates the 'len'-byte ID at 'sid' (its strength follows from its
 * length, as every accepted strength has its own length) and hashes it into
 * 't->key'. Returns TSR_CLI_EXIT_OK or TSR_CLI_EXIT_FAIL after printing the
 * library's message.
 */
static int tsr_cli_hash_sid(const tsr_cli_command *cmd, tsr_cli_target *t, const char *sid,
                            size_t len)
{
	tsr_error e = {0};
	int rc;

	if (len == 0 || len > TSR_SID_MAX_LEN || tsr_sid_length((unsigned) len * 6u) != len ||
	    tsr_sid_validate(sid, len, (unsigned) len * 6u) != TSR_OK) {
		tsr_cli_error(cmd->name, "--id: %s", tsr_strerror(TSR_EBADID));
		return TSR_CLI_EXIT_FAIL;
	}
	rc = tsr_key_from_sid(sid, len, &t->key, &e);
	if (rc != TSR_OK) {
		return tsr_cli_lib_error(cmd->name, rc, &e);
	}
	t->have_key = true;
	return TSR_CLI_EXIT_OK;
}

/* Checks and hashes the --id argument, then wipes every copy of it. */
static int tsr_cli_target_sid(const tsr_cli_command *cmd, tsr_cli_target *t)
{
	char buf[TSR_SID_MAX_LEN + 2];
	ssize_t n;
	int status;

	if (strcmp(t->sid, "-") != 0) {
		size_t len = strlen(t->sid);
		status = tsr_cli_hash_sid(cmd, t, t->sid, len);
		explicit_bzero(t->sid, len);
		return status;
	}
	n = tsr_cli_read_sid(buf, sizeof(buf));
	if (n < 0) {
		tsr_cli_error(cmd->name, "--id: reading stdin: %s", strerror(errno));
		status = TSR_CLI_EXIT_FAIL;
	} else {
		status = tsr_cli_hash_sid(cmd, t, buf, (size_t) n);
	}
	explicit_bzero(buf, sizeof(buf));
	return status;
}

/*
 * Checks that exactly one of key and --id is given and that each is
 * well-formed, before any store is touched.
 */
int tsr_cli_target_check(const tsr_cli_command *cmd, tsr_cli_target *t)
{
	size_t len;

	t->have_key = false;
	t->prefix[0] = '\0';
	if ((t->key_text == NULL) == (t->sid == NULL)) {
		return tsr_cli_usage_error(cmd, "give either a KEY or --id SESSION_ID");
	}
	if (t->sid != NULL) {
		return tsr_cli_target_sid(cmd, t);
	}
	len = strnlen(t->key_text, TSR_KEY_HEX_LEN + 1);
	if (len < TSR_CLI_MIN_PREFIX || len > TSR_KEY_HEX_LEN) {
		return tsr_cli_usage_error(
		    cmd, "KEY must be %u to %u hex characters (use --id for a session id)",
		    TSR_CLI_MIN_PREFIX, TSR_KEY_HEX_LEN);
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char) t->key_text[i];
		if (!isxdigit(c)) {
			return tsr_cli_usage_error(
			    cmd, "KEY must be hex characters only (use --id for a session id)");
		}
		t->prefix[i] = (char) tolower(c);
	}
	t->prefix[len] = '\0';
	if (len == TSR_KEY_HEX_LEN) {
		/* Cannot fail: the length and every digit were checked above. */
		t->have_key = tsr_key_from_hex(t->prefix, len, &t->key) == TSR_OK;
	}
	return TSR_CLI_EXIT_OK;
}

/* Listing visitor: counts keys starting with the prefix; stops at the second. */
static int tsr_cli_match_visit(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                               int64_t expires_at)
{
	tsr_cli_match *m = arg;

	(void) record;
	(void) len;
	(void) expires_at;
	if (memcmp(key->hex, m->prefix, m->prefix_len) != 0) {
		return 0;
	}
	if (m->matches++ == 0) {
		m->key = *key;
	}
	return m->matches > 1;
}

/* Turns a checked prefix into the one stored key it names. */
int tsr_cli_target_resolve(const char *what, tsr_store *st, tsr_cli_target *t)
{
	tsr_cli_match m = {.prefix = t->prefix, .prefix_len = strlen(t->prefix)};
	int rc;

	if (t->have_key) {
		return TSR_CLI_EXIT_OK;
	}
	rc = tsr_store_list(st, NULL, tsr_cli_match_visit, &m);
	if (rc != TSR_OK) {
		return tsr_cli_lib_error(what, rc, tsr_store_error(st));
	}
	if (m.matches == 0) {
		tsr_cli_error(what, "no session key starts with '%s'", t->prefix);
		return TSR_CLI_EXIT_FAIL;
	}
	if (m.matches > 1) {
		tsr_cli_error(what, "key prefix '%s' matches more than one session; give more characters",
		              t->prefix);
		return TSR_CLI_EXIT_FAIL;
	}
	t->key = m.key;
	t->have_key = true;
	return TSR_CLI_EXIT_OK;
}
