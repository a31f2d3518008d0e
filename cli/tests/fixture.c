/*
 * Test fixture for the tessera command's suite (cli/tests/run.sh): puts
 * sessions into a store through the core library, exactly as a request
 * would, and provides what the suite cannot do from the shell.
 *
 *   fixture create DSN SID NOW_MS IDLE_S ABS_S USER PAYLOAD [PROFILE...]
 *       creates and commits session SID at time NOW_MS (ms since the epoch)
 *       with the given idle and absolute timeouts (s; ABS_S 0 = off), user
 *       id (empty = none), payload and profiles, then reads it back and
 *       prints "KEYHEX RECORD_BYTES EXPIRES_MS".
 *   fixture collide
 *       prints two valid 32-character IDs whose storage keys share their
 *       first 8 hex characters (found by a deterministic birthday search).
 *   fixture hold DSN SID
 *       takes SID's exclusive lock, prints "locked", holds it until stdin
 *       reaches EOF, then releases it and exits.
 *
 * Exit status: 0 on success, 1 on a library error (message on stderr), 2 on
 * a bad command line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tessera/key.h"
#include "tessera/session.h"
#include "tessera/sid.h"
#include "tessera/store.h"

/* IDs tried by `collide`: 2^19 keys make a 32-bit prefix collision all but certain. */
#define FIXTURE_COLLIDE_N (1u << 19)
#define FIXTURE_SID_LEN 32u

/* One candidate of the birthday search: the key's first 4 bytes and the ID's number. */
typedef struct fixture_slot {
	uint32_t prefix;
	uint32_t n;
} fixture_slot;

/* Prints "fixture: what: message" for a library failure and returns 1. */
static int fixture_fail(const char *what, int rc, const tsr_error *e)
{
	fprintf(stderr, "fixture: %s: %s (%s)\n", what,
	        e != NULL && e->errstr[0] != '\0' ? e->errstr : tsr_strerror(rc), tsr_errname(rc));
	return 1;
}

/* Parses a signed decimal integer; exits with status 2 when 'text' is not one. */
static int64_t fixture_int(const char *text)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0') {
		fprintf(stderr, "fixture: not an integer: %s\n", text);
		exit(2);
	}
	return (int64_t) v;
}

/* Writes the ID numbered 'n' (a fixed stem, then 'n' in the ID alphabet) into 'out'. */
static void fixture_collide_sid(uint32_t n, char out[FIXTURE_SID_LEN + 1])
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	memcpy(out, "cliTestCollide_", 15);
	for (size_t i = FIXTURE_SID_LEN; i-- > 15;) {
		out[i] = digits[n % 64];
		n /= 64;
	}
	out[FIXTURE_SID_LEN] = '\0';
}

/* Orders slots by prefix, then by number. */
static int fixture_slot_cmp(const void *a, const void *b)
{
	const fixture_slot *x = a, *y = b;

	if (x->prefix != y->prefix) {
		return x->prefix < y->prefix ? -1 : 1;
	}
	return x->n < y->n ? -1 : x->n > y->n;
}

/* `collide`: hashes numbered IDs, sorts by key prefix and prints the first equal pair. */
static int fixture_collide(void)
{
	fixture_slot *slots = calloc(FIXTURE_COLLIDE_N, sizeof(*slots));
	char sid[FIXTURE_SID_LEN + 1], other[FIXTURE_SID_LEN + 1];
	tsr_error e = {0};
	tsr_key key;
	int status = 1;

	if (slots == NULL) {
		return fixture_fail("collide", TSR_ENOMEM, NULL);
	}
	for (uint32_t n = 0; n < FIXTURE_COLLIDE_N; n++) {
		fixture_collide_sid(n, sid);
		int rc = tsr_key_from_sid(sid, FIXTURE_SID_LEN, &key, &e);
		if (rc != TSR_OK) {
			free(slots);
			return fixture_fail("collide", rc, &e);
		}
		slots[n].prefix = (uint32_t) key.bytes[0] << 24 | (uint32_t) key.bytes[1] << 16 |
		                  (uint32_t) key.bytes[2] << 8 | key.bytes[3];
		slots[n].n = n;
	}
	qsort(slots, FIXTURE_COLLIDE_N, sizeof(*slots), fixture_slot_cmp);
	for (uint32_t i = 1; i < FIXTURE_COLLIDE_N; i++) {
		if (slots[i].prefix == slots[i - 1].prefix) {
			fixture_collide_sid(slots[i - 1].n, sid);
			fixture_collide_sid(slots[i].n, other);
			printf("%s %s\n", sid, other);
			status = 0;
			break;
		}
	}
	if (status != 0) {
		fprintf(stderr, "fixture: collide: no two keys share a prefix\n");
	}
	free(slots);
	return status;
}

/* `create`: one session through tsr_session_create + tsr_session_commit. */
static int fixture_create(int argc, char **argv)
{
	const char *dsn = argv[0], *sid = argv[1], *user = argv[5], *payload = argv[6];
	int64_t now = fixture_int(argv[2]);
	tsr_policy policy = {.idle_timeout = (uint32_t) fixture_int(argv[3]),
	                     .absolute_timeout = (uint32_t) fixture_int(argv[4])};
	size_t len = strlen(sid);
	tsr_store *st = NULL;
	tsr_session s;
	tsr_key key;
	tsr_lock *lock = NULL;
	tsr_bytes bytes = {0};
	tsr_error e = {0};
	int64_t expires_at = 0;
	int rc, status = 1;

	tsr_session_init(&s);
	rc = tsr_store_open(dsn, NULL, &st, &e);
	if (rc != TSR_OK) {
		return fixture_fail("open", rc, &e);
	}
	rc = tsr_session_create(&s, st, sid, len, (unsigned) len * 6u, TSR_LOCK_EXCLUSIVE, &policy, now,
	                        &e);
	if (rc != TSR_OK) {
		fixture_fail("create", rc, &e);
		goto cleanup;
	}
	rc = tsr_bytes_set(&s.record.user_id, user, strlen(user));
	for (int i = 7; rc == TSR_OK && i < argc; i++) {
		rc = tsr_record_add_profile(&s.record, argv[i], strlen(argv[i]));
	}
	if (rc != TSR_OK) {
		fixture_fail("record", rc, NULL);
		goto cleanup;
	}
	key = s.key; /* closing the session forgets it */
	rc = tsr_session_commit(&s, payload, strlen(payload), now, &e);
	if (rc != TSR_OK) {
		fixture_fail("commit", rc, &e);
		goto cleanup;
	}
	rc = tsr_store_acquire(st, &key, TSR_LOCK_READ_ONLY, &lock, &bytes, &expires_at);
	if (rc != TSR_OK) {
		fixture_fail("read back", rc, tsr_store_error(st));
		goto cleanup;
	}
	printf("%s %zu %" PRId64 "\n", key.hex, bytes.len, expires_at);
	status = 0;

cleanup:
	tsr_bytes_free(&bytes);
	tsr_store_release(st, lock);
	tsr_session_close(&s);
	tsr_store_close(st);
	return status;
}

/* `hold`: takes the exclusive lock and keeps it until stdin is closed. */
static int fixture_hold(const char *dsn, const char *sid)
{
	tsr_store *st = NULL;
	tsr_lock *lock = NULL;
	tsr_bytes bytes = {0};
	tsr_error e = {0};
	tsr_key key;
	int64_t expires_at = 0;
	char buf[64];
	int rc;

	rc = tsr_store_open(dsn, NULL, &st, &e);
	if (rc != TSR_OK) {
		return fixture_fail("open", rc, &e);
	}
	rc = tsr_key_from_sid(sid, strlen(sid), &key, &e);
	if (rc == TSR_OK) {
		rc = tsr_store_acquire(st, &key, TSR_LOCK_EXCLUSIVE, &lock, &bytes, &expires_at);
	}
	if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
		fixture_fail("hold", rc, tsr_store_error(st));
		tsr_store_close(st);
		return 1;
	}
	printf("locked\n");
	fflush(stdout);
	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n > 0 || (n < 0 && errno == EINTR)) {
			continue;
		}
		break;
	}
	tsr_bytes_free(&bytes);
	tsr_store_release(st, lock);
	tsr_store_close(st);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "collide") == 0) {
		return fixture_collide();
	}
	if (argc >= 9 && strcmp(argv[1], "create") == 0) {
		return fixture_create(argc - 2, argv + 2);
	}
	if (argc == 4 && strcmp(argv[1], "hold") == 0) {
		return fixture_hold(argv[2], argv[3]);
	}
	fprintf(stderr, "usage: fixture create DSN SID NOW_MS IDLE_S ABS_S USER PAYLOAD [PROFILE...]\n"
	                "       fixture collide\n"
	                "       fixture hold DSN SID\n");
	return 2;
}
