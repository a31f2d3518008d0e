/*
 * libFuzzer target for opening a stored forward (lib/src/forward.c).
 *
 * The input is a record's forward field as a store hands it back
 * (untrusted: a store can be corrupted or tampered with). It is opened
 * with one fixed old ID and its storage key. Opening must never read out
 * of bounds, leak or trip a sanitizer; a failure must be one of the
 * documented codes with "" and length 0 in the outputs and the detail in
 * the error; a success must give 1..TSR_SID_MAX_LEN bytes and a NUL, agree
 * with tsr_forward_state_of, and be refused with any other old ID or
 * storage key and with an output buffer one byte too small. Each run also
 * seals the input's first bytes (when they make a plausible ID length) as
 * a new ID under the old one and checks that it opens back to them.
 *
 * Built with -DTSR_FUZZ_SEED_MAIN instead, this file is a small program
 * that writes real forwards sealed under the fixed old ID, a tombstone and
 * near misses into the directory named by its argument as seeds (used by
 * `make fuzz`).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_file.h"
#include "tessera/forward.h"
#include "tessera/sid.h"

/* The old ID every run opens with (and the seeds are sealed under). */
static const char fuzz_old_sid[] = "fuzzOldSessionId0123456789-_abcdefghijklmn";

#ifndef TSR_FUZZ_SEED_MAIN

/* Another ID, which must open nothing sealed under the first. */
static const char fuzz_other_sid[] = "fuzzOtherSessionId0123456789-_abcdefghijkl";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports which invariant broke and stops the run (libFuzzer saves the input). */
static void broken(const char *what)
{
	fprintf(stderr, "forward invariant broken: %s\n", what);
	abort();
}

/* Opens the 'len' bytes at 'sealed' with 'sid' and 'key' into 'out' ('size' bytes). */
static int open_as(const char *sid, const tsr_key *key, const uint8_t *sealed, size_t len,
                   char *out, size_t size, size_t *out_len, tsr_error *e)
{
	tsr_error_clear(e);
	return tsr_forward_open(sid, strlen(sid), key, sealed, len, out, size, out_len, e);
}

/* Checks that a refused open left "" and 0 behind and a proper error. */
static void check_refusal(int rc, const char *out, size_t out_len, const tsr_error *e)
{
	if (rc != TSR_EBADRECORD && rc != TSR_ECRYPTO && rc != TSR_EINVAL) {
		broken("open failed with an undocumented code");
	}
	if (out[0] != '\0' || out_len != 0) {
		broken("a refused open left output behind");
	}
	if (e->err != rc || e->errstr[0] == '\0' || strlen(e->errstr) >= TSR_ERRSTR_SIZE) {
		broken("a refused open has no proper error");
	}
}

/* Opens the input as a forward of the fixed old ID and checks the outcome. */
static void check_open(const uint8_t *data, size_t size, const tsr_key *old_key,
                       const tsr_key *other_key)
{
	char out[TSR_SID_MAX_LEN + 1];
	size_t out_len = 99;
	tsr_record rec;
	size_t n;
	tsr_error e;
	int rc;

	memset(out, 'x', sizeof(out));
	rc = open_as(fuzz_old_sid, old_key, data, size, out, sizeof(out), &out_len, &e);
	tsr_record_init(&rec);
	rec.forward.data = (uint8_t *) data; /* borrowed: 'rec' is never cleared */
	rec.forward.len = size;
	if (rc != TSR_OK) {
		check_refusal(rc, out, out_len, &e);
		if (rc == TSR_EINVAL) {
			broken("open refused valid arguments as TSR_EINVAL");
		}
		if (rc == TSR_ECRYPTO && tsr_forward_state_of(&rec) != TSR_FORWARD_FORWARD) {
			broken("bytes that are no forward got as far as decryption");
		}
		return;
	}
	n = out_len;
	if (n == 0 || n > TSR_SID_MAX_LEN ||
	    n != size - 1 - TSR_FORWARD_NONCE_LEN - TSR_FORWARD_TAG_LEN || out[n] != '\0') {
		broken("an opened forward has an impossible new ID length");
	}
	if (tsr_forward_state_of(&rec) != TSR_FORWARD_FORWARD) {
		broken("an opened forward is not classified as one");
	}
	rc = open_as(fuzz_other_sid, old_key, data, size, out, sizeof(out), &out_len, &e);
	if (rc != TSR_ECRYPTO) {
		broken("a forward opened with another old ID");
	}
	check_refusal(rc, out, out_len, &e);
	rc = open_as(fuzz_old_sid, other_key, data, size, out, sizeof(out), &out_len, &e);
	if (rc != TSR_ECRYPTO) {
		broken("a forward opened under another record's key");
	}
	check_refusal(rc, out, out_len, &e);
	rc = open_as(fuzz_old_sid, old_key, data, size, out, n, &out_len, &e);
	if (rc != TSR_EINVAL) {
		broken("a forward opened into a buffer with no room for the NUL");
	}
	check_refusal(rc, out, out_len, &e);
}

/* Seals the first bytes of the input as a new ID and checks it opens back. */
static void check_round_trip(const uint8_t *data, size_t size, const tsr_key *old_key)
{
	char out[TSR_SID_MAX_LEN + 1];
	size_t n = size > 0 ? data[0] % (TSR_SID_MAX_LEN + 1) : 0;
	tsr_bytes sealed = {NULL, 0};
	size_t out_len = 0;
	tsr_error e;

	if (n == 0 || size < 1 + n) {
		return;
	}
	if (tsr_forward_seal(fuzz_old_sid, strlen(fuzz_old_sid), old_key, (const char *) data + 1, n,
	                     &sealed, &e) != TSR_OK) {
		broken("tsr_forward_seal failed on a valid length");
	}
	if (open_as(fuzz_old_sid, old_key, sealed.data, sealed.len, out, sizeof(out), &out_len, &e) !=
	        TSR_OK ||
	    out_len != n || memcmp(out, data + 1, n) != 0 || out[n] != '\0') {
		broken("a sealed ID does not open back to itself");
	}
	tsr_bytes_free(&sealed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tsr_key old_key;
	static tsr_key other_key;
	static bool keys;
	/* An exact-size copy, so that ASan sees any read past the field's end. */
	uint8_t *copy = malloc(size > 0 ? size : 1);

	if (copy == NULL) {
		return 0;
	}
	if (!keys) {
		if (tsr_key_from_sid(fuzz_old_sid, strlen(fuzz_old_sid), &old_key, NULL) != TSR_OK ||
		    tsr_key_from_sid(fuzz_other_sid, strlen(fuzz_other_sid), &other_key, NULL) != TSR_OK) {
			broken("cannot derive the fixed storage keys");
		}
		keys = true;
	}
	if (size > 0) {
		memcpy(copy, data, size);
	}
	check_open(copy, size, &old_key, &other_key);
	check_round_trip(copy, size, &old_key);
	free(copy);
	return 0;
}

#else /* TSR_FUZZ_SEED_MAIN */

int main(int argc, char **argv)
{
	static const size_t lens[] = {1, 22, 32, 43, TSR_SID_MAX_LEN};
	static const char new_sid[] =
	    "NewSessionId_0123456789-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN";
	static const uint8_t revoked = TSR_FORWARD_KIND_REVOKED;
	tsr_bytes sealed = {NULL, 0};
	tsr_key key;
	tsr_error e;
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	if (tsr_key_from_sid(fuzz_old_sid, strlen(fuzz_old_sid), &key, &e) != TSR_OK) {
		fprintf(stderr, "seed: %s\n", e.errstr);
		return 1;
	}
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		char name[32];
		if (tsr_forward_seal(fuzz_old_sid, strlen(fuzz_old_sid), &key, new_sid, lens[i], &sealed,
		                     &e) != TSR_OK) {
			fprintf(stderr, "seed: %s\n", e.errstr);
			return 1;
		}
		snprintf(name, sizeof(name), "sealed%zu", lens[i]);
		bad |= tsr_fuzz_seed_write(argv[1], name, sealed.data, sealed.len);
		if (i == 2) {
			bad |= tsr_fuzz_seed_write(argv[1], "truncated", sealed.data, sealed.len - 1);
		}
		tsr_bytes_free(&sealed);
	}
	bad |= tsr_fuzz_seed_write(argv[1], "revoked", &revoked, 1);
	bad |= tsr_fuzz_seed_write(argv[1], "empty", "", 0);
	return bad;
}

#endif
