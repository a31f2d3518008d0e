/*
 * Helpers every tessera command shares: checking option values, opening a
 * store from a DSN, decoding a listed record and judging whether it is dead.
 */
#include <string.h>

#include "tessera/policy.h"

#include "cli.h"

/* The longest --wait accepted, in seconds. */
#define TSR_CLI_MAX_WAIT_S 86400

/*
 * Parses 'text' as non-negative seconds with at most three decimals
 * ("5", "0.25") and no more than TSR_CLI_MAX_WAIT_S, into '*ms'. Returns
 * false (leaving '*ms' alone) for anything else, signs and spaces included.
 */
bool tsr_cli_parse_seconds(const char *text, int *ms)
{
	long whole = 0, frac = 0;
	int frac_digits = 0;
	const char *p = text;

	if (*p < '0' || *p > '9') {
		return false;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > TSR_CLI_MAX_WAIT_S) {
			return false;
		}
	}
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++frac_digits > 3) {
				return false;
			}
			frac = frac * 10 + (*p - '0');
		}
		if (frac_digits == 0) {
			return false;
		}
	}
	if (*p != '\0') {
		return false;
	}
	for (; frac_digits < 3; frac_digits++) {
		frac *= 10;
	}
	if (whole == TSR_CLI_MAX_WAIT_S && frac > 0) {
		return false;
	}
	*ms = (int) (whole * 1000 + frac);
	return true;
}

/* True when 'user' is a non-empty user id no longer than a record can hold. */
bool tsr_cli_user_ok(const char *user)
{
	size_t len = strnlen(user, TSR_RECORD_MAX_USER_ID + 1);

	return len > 0 && len <= TSR_RECORD_MAX_USER_ID;
}

/*
 * Opens 'dsn' with default lock lifetime and 'lock_wait_ms' as the
 * exclusive-lock wait. The DSN itself is never printed (it may hold a
 * password); the library's message names the bad part.
 */
int tsr_cli_open_store(const char *what, const char *dsn, int lock_wait_ms, tsr_store **out)
{
	tsr_store_config config = {
	    .lock_wait_ms = lock_wait_ms,
	    .lock_ttl_ms = TSR_STORE_DEFAULT_LOCK_TTL_MS,
	};
	tsr_error e = {0};
	int rc;

	*out = NULL;
	rc = tsr_store_open(dsn, &config, out, &e);
	if (rc != TSR_OK) {
		*out = NULL;
		return tsr_cli_lib_error(what, rc, &e);
	}
	return TSR_CLI_EXIT_OK;
}

/*
 * Decodes a record read from the store and checks it belongs to 'key': a
 * record found under another session's key is reported as malformed.
 */
int tsr_cli_decode(const tsr_key *key, const uint8_t *buf, size_t len, tsr_record *rec,
                   tsr_error *e)
{
	int rc = tsr_record_decode(buf, len, rec, e);

	if (rc != TSR_OK) {
		return rc;
	}
	if (memcmp(rec->key, key->bytes, TSR_KEY_LEN) != 0) {
		tsr_record_clear(rec);
		return tsr_error_set(e, TSR_EBADRECORD, "record belongs to another session key");
	}
	return TSR_OK;
}

/*
 * Judges 'rec' with the store deadline 'expires_at' at 'now' by the
 * record's own timeouts, as the library does on a read.
 */
bool tsr_cli_expired(const tsr_record *rec, int64_t expires_at, int64_t now)
{
	tsr_policy policy = {.idle_timeout = rec->idle_timeout, .absolute_timeout = 0};

	return tsr_policy_check(&policy, rec, expires_at, now) != TSR_VERDICT_LIVE;
}
