/*
 * libFuzzer target for CSRF token verification (lib/src/csrf.c).
 *
 * The token comes from a form field, so it is untrusted: the input bytes
 * are the token, checked against one fixed secret. Verification must never
 * read out of bounds or trip a sanitizer, and must accept only what a real
 * token can look like (exactly TSR_CSRF_TOKEN_LEN base64url characters);
 * whatever it accepts must be refused under another secret. Each run also
 * makes a real token for the secret with tsr_csrf_token(), which must
 * verify, and then uses the input to change one character of it (position
 * and replacement from the first two bytes), which must verify only when
 * the character did not change: a token has exactly one spelling.
 *
 * Built with -DTSR_FUZZ_SEED_MAIN instead, this file is a small program
 * that writes real tokens of the fixed secret, and near misses, into the
 * directory named by its argument as seeds (used by `make fuzz`).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_file.h"
#include "tessera/csrf.h"

/* The fixed secret every run verifies against (and the seeds are made for). */
static const uint8_t fuzz_secret[TSR_CSRF_SECRET_LEN] = {
    0x3a, 0x91, 0x07, 0xc4, 0x5e, 0x22, 0xf8, 0x10, 0x6b, 0xd3, 0x44, 0x8f, 0x01, 0x7c, 0xee, 0x59,
    0x92, 0x0d, 0xb6, 0x23, 0x7a, 0xc1, 0x55, 0x38, 0xfe, 0x64, 0x0b, 0x9d, 0x2f, 0x86, 0x13, 0xa0};

#ifndef TSR_FUZZ_SEED_MAIN

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports which invariant broke and stops the run (libFuzzer saves the input). */
static void broken(const char *what)
{
	fprintf(stderr, "csrf invariant broken: %s\n", what);
	abort();
}

/* True when 'c' is one of the 64 base64url characters (RFC 4648 section 5). */
static bool is_b64url(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

/* Checks the verdict on the fuzzed token itself. */
static void check_input(const uint8_t *data, size_t size)
{
	uint8_t other[TSR_CSRF_SECRET_LEN];
	const char *token = (const char *) data;

	if (!tsr_csrf_verify(fuzz_secret, sizeof(fuzz_secret), token, size)) {
		return;
	}
	if (size != TSR_CSRF_TOKEN_LEN) {
		broken("a token of the wrong length verified");
	}
	for (size_t i = 0; i < size; i++) {
		if (!is_b64url(data[i])) {
			broken("a token with a character outside base64url verified");
		}
	}
	/* What verifies for one secret verifies for no other, not even one bit away. */
	memcpy(other, fuzz_secret, sizeof(other));
	other[data[0] % sizeof(other)] ^= (uint8_t) (1u << (data[1] % 8));
	if (tsr_csrf_verify(other, sizeof(other), token, size)) {
		broken("a token verified under two secrets");
	}
}

/* Makes a real token, checks it verifies, then checks the one-character change the input picks. */
static void check_real_token(const uint8_t *data, size_t size)
{
	char token[TSR_CSRF_TOKEN_LEN + 1];
	size_t pos;
	char was;
	tsr_error e;

	if (tsr_csrf_token(fuzz_secret, sizeof(fuzz_secret), token, sizeof(token), &e) != TSR_OK) {
		broken("tsr_csrf_token failed");
	}
	if (strlen(token) != TSR_CSRF_TOKEN_LEN) {
		broken("a real token has the wrong length");
	}
	if (!tsr_csrf_verify(fuzz_secret, sizeof(fuzz_secret), token, TSR_CSRF_TOKEN_LEN)) {
		broken("a real token does not verify");
	}
	if (tsr_csrf_verify(fuzz_secret, sizeof(fuzz_secret), token, TSR_CSRF_TOKEN_LEN - 1)) {
		broken("a real token cut by one character verifies");
	}
	if (size < 2) {
		return;
	}
	pos = data[0] % TSR_CSRF_TOKEN_LEN;
	was = token[pos];
	token[pos] = (char) data[1];
	if (tsr_csrf_verify(fuzz_secret, sizeof(fuzz_secret), token, TSR_CSRF_TOKEN_LEN) !=
	    (token[pos] == was)) {
		broken("a real token with one character changed verifies (or unchanged, fails)");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so that ASan sees any read past the token's end. */
	uint8_t *copy = malloc(size > 0 ? size : 1);

	if (copy == NULL) {
		return 0;
	}
	if (size > 0) {
		memcpy(copy, data, size);
	}
	check_input(copy, size);
	check_real_token(copy, size);
	free(copy);
	return 0;
}

#else /* TSR_FUZZ_SEED_MAIN */

int main(int argc, char **argv)
{
	char token[TSR_CSRF_TOKEN_LEN + 1];
	uint8_t other[TSR_CSRF_SECRET_LEN];
	tsr_error e;
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (int i = 0; i < 3; i++) {
		char name[32];
		if (tsr_csrf_token(fuzz_secret, sizeof(fuzz_secret), token, sizeof(token), &e) != TSR_OK) {
			fprintf(stderr, "seed: %s\n", e.errstr);
			return 1;
		}
		snprintf(name, sizeof(name), "token%d", i);
		bad |= tsr_fuzz_seed_write(argv[1], name, token, TSR_CSRF_TOKEN_LEN);
	}
	bad |= tsr_fuzz_seed_write(argv[1], "short", token, TSR_CSRF_TOKEN_LEN - 1);
	bad |= tsr_fuzz_seed_write(argv[1], "long", token, TSR_CSRF_TOKEN_LEN + 1); /* with its NUL */
	token[TSR_CSRF_TOKEN_LEN - 1] = 'B'; /* unused bits set */
	bad |= tsr_fuzz_seed_write(argv[1], "non-canonical", token, TSR_CSRF_TOKEN_LEN);
	memcpy(other, fuzz_secret, sizeof(other));
	other[0] ^= 1;
	if (tsr_csrf_token(other, sizeof(other), token, sizeof(token), &e) != TSR_OK) {
		fprintf(stderr, "seed: %s\n", e.errstr);
		return 1;
	}
	bad |= tsr_fuzz_seed_write(argv[1], "other-secret", token, TSR_CSRF_TOKEN_LEN);
	bad |= tsr_fuzz_seed_write(argv[1], "empty", "", 0);
	return bad;
}

#endif
