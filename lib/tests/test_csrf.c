/*
 * Unit tests for CSRF secrets and masked tokens (lib/src/csrf.c): token
 * shape, freshness of every token, verification of any mask of the secret,
 * and refusal of tokens of another secret, truncated, bit-flipped,
 * non-canonical, garbage and huge input, and of a failing random source.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <sys/random.h>
#include <stdlib.h>
#include <string.h>

#include "random.h"
#include "tessera/csrf.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* A fresh secret; fails the test when the random source does. */
static void new_secret(uint8_t secret[TSR_CSRF_SECRET_LEN])
{
	tsr_error e;

	assert_int_equal(tsr_csrf_secret_generate(secret, &e), TSR_OK);
}

/* A fresh token of 'secret' into 'tok' (TSR_CSRF_TOKEN_LEN + 1 bytes). */
static void new_token(const uint8_t *secret, char *tok)
{
	tsr_error e;

	assert_int_equal(tsr_csrf_token(secret, TSR_CSRF_SECRET_LEN, tok, TSR_CSRF_TOKEN_LEN + 1, &e),
	                 TSR_OK);
}

static void test_token_shape(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];

	(void) state;
	new_secret(secret);
	new_token(secret, tok);
	assert_int_equal(strlen(tok), TSR_CSRF_TOKEN_LEN);
	assert_int_equal(strspn(tok, alphabet), TSR_CSRF_TOKEN_LEN);
}

static void test_two_tokens_differ_and_both_verify(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char a[TSR_CSRF_TOKEN_LEN + 1], b[TSR_CSRF_TOKEN_LEN + 1];

	(void) state;
	new_secret(secret);
	new_token(secret, a);
	new_token(secret, b);
	assert_string_not_equal(a, b);
	assert_true(tsr_csrf_verify(secret, sizeof(secret), a, strlen(a)));
	assert_true(tsr_csrf_verify(secret, sizeof(secret), b, strlen(b)));
}

static void test_token_does_not_contain_secret_encoding(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	char zero_tok[TSR_CSRF_TOKEN_LEN + 1];
	uint8_t zero[TSR_CSRF_SECRET_LEN];

	(void) state;
	/* With an all-zero secret the second half equals the mask: nothing stable survives. */
	memset(zero, 0, sizeof(zero));
	new_token(zero, zero_tok);
	new_token(zero, tok);
	assert_memory_not_equal(zero_tok, tok, TSR_CSRF_TOKEN_LEN / 2);
	new_secret(secret);
	assert_true(tsr_csrf_verify(zero, sizeof(zero), zero_tok, strlen(zero_tok)));
	assert_false(tsr_csrf_verify(secret, sizeof(secret), zero_tok, strlen(zero_tok)));
}

static void test_token_of_another_secret_fails(void **state)
{
	uint8_t s1[TSR_CSRF_SECRET_LEN], s2[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];

	(void) state;
	new_secret(s1);
	new_secret(s2);
	assert_memory_not_equal(s1, s2, sizeof(s1));
	new_token(s1, tok);
	assert_false(tsr_csrf_verify(s2, sizeof(s2), tok, strlen(tok)));
	assert_true(tsr_csrf_verify(s1, sizeof(s1), tok, strlen(tok)));
}

static void test_secret_differing_in_one_bit_fails(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN], other[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];

	(void) state;
	new_secret(secret);
	new_token(secret, tok);
	for (size_t bit = 0; bit < 8 * sizeof(secret); bit++) {
		memcpy(other, secret, sizeof(other));
		other[bit / 8] ^= (uint8_t) (1u << (bit % 8));
		if (tsr_csrf_verify(other, sizeof(other), tok, strlen(tok))) {
			fail_msg("token verified against the secret with bit %zu flipped", bit);
		}
	}
}

static void test_every_truncation_fails(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];

	(void) state;
	new_secret(secret);
	new_token(secret, tok);
	for (size_t len = 0; len < TSR_CSRF_TOKEN_LEN; len++) {
		if (tsr_csrf_verify(secret, sizeof(secret), tok, len)) {
			fail_msg("token truncated to %zu characters verified", len);
		}
	}
	assert_true(tsr_csrf_verify(secret, sizeof(secret), tok, TSR_CSRF_TOKEN_LEN));
}

static void test_every_character_change_fails(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1], bad[TSR_CSRF_TOKEN_LEN + 1];

	(void) state;
	new_secret(secret);
	new_token(secret, tok);
	/* Each of the 6 bits of every character, flipped within the alphabet. */
	for (size_t i = 0; i < TSR_CSRF_TOKEN_LEN; i++) {
		int v = (int) (strchr(alphabet, tok[i]) - alphabet);
		for (int bit = 0; bit < 6; bit++) {
			memcpy(bad, tok, sizeof(bad));
			bad[i] = alphabet[v ^ (1 << bit)];
			if (tsr_csrf_verify(secret, sizeof(secret), bad, TSR_CSRF_TOKEN_LEN)) {
				fail_msg("token with character %zu bit %d flipped verified", i, bit);
			}
		}
	}
}

static void test_raw_bit_flips_fail(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1], bad[TSR_CSRF_TOKEN_LEN + 1];

	(void) state;
	new_secret(secret);
	new_token(secret, tok);
	/* Flipping raw bytes (not staying in the alphabet) must fail too, without reading past. */
	for (size_t i = 0; i < TSR_CSRF_TOKEN_LEN; i++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(bad, tok, sizeof(bad));
			bad[i] = (char) (bad[i] ^ (1 << bit));
			assert_false(tsr_csrf_verify(secret, sizeof(secret), bad, TSR_CSRF_TOKEN_LEN));
		}
	}
}

static void test_non_canonical_last_character_fails(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	int v;

	(void) state;
	new_secret(secret);
	new_token(secret, tok);
	v = (int) (strchr(alphabet, tok[TSR_CSRF_TOKEN_LEN - 1]) - alphabet);
	assert_int_equal(v & 0x0f, 0);
	/* Same decoded bytes, but unused low bits set: a second spelling is refused. */
	for (int low = 1; low < 16; low++) {
		tok[TSR_CSRF_TOKEN_LEN - 1] = alphabet[v | low];
		assert_false(tsr_csrf_verify(secret, sizeof(secret), tok, TSR_CSRF_TOKEN_LEN));
	}
}

static void test_garbage_and_huge_input_fail(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	size_t huge = (size_t) 1 << 20;
	char *big;

	(void) state;
	new_secret(secret);
	new_token(secret, tok);
	assert_false(tsr_csrf_verify(secret, sizeof(secret), "", 0));
	assert_false(tsr_csrf_verify(secret, sizeof(secret), NULL, 0));
	assert_false(tsr_csrf_verify(secret, sizeof(secret), NULL, TSR_CSRF_TOKEN_LEN));
	/* Padding or a trailing newline is not part of the format. */
	big = malloc(huge);
	assert_non_null(big);
	memset(big, 'A', huge);
	assert_false(tsr_csrf_verify(secret, sizeof(secret), big, huge));
	memcpy(big, tok, TSR_CSRF_TOKEN_LEN);
	big[TSR_CSRF_TOKEN_LEN] = '\n';
	assert_false(tsr_csrf_verify(secret, sizeof(secret), big, TSR_CSRF_TOKEN_LEN + 1));
	big[TSR_CSRF_TOKEN_LEN] = '=';
	assert_false(tsr_csrf_verify(secret, sizeof(secret), big, TSR_CSRF_TOKEN_LEN + 1));
	/* The same characters in the standard alphabet ('+' '/') are not accepted. */
	memset(big, '+', TSR_CSRF_TOKEN_LEN);
	assert_false(tsr_csrf_verify(secret, sizeof(secret), big, TSR_CSRF_TOKEN_LEN));
	memset(big, '\0', TSR_CSRF_TOKEN_LEN);
	assert_false(tsr_csrf_verify(secret, sizeof(secret), big, TSR_CSRF_TOKEN_LEN));
	free(big);
}

static void test_token_read_exactly_its_length(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	char *exact;

	(void) state;
	new_secret(secret);
	new_token(secret, tok);
	/* A heap copy without a NUL: ASan reports any read past it. */
	exact = malloc(TSR_CSRF_TOKEN_LEN);
	assert_non_null(exact);
	memcpy(exact, tok, TSR_CSRF_TOKEN_LEN);
	assert_true(tsr_csrf_verify(secret, sizeof(secret), exact, TSR_CSRF_TOKEN_LEN));
	free(exact);
}

static void test_bad_secret_refused(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	tsr_error e;

	(void) state;
	new_secret(secret);
	new_token(secret, tok);
	assert_false(tsr_csrf_verify(NULL, 0, tok, strlen(tok)));
	assert_false(tsr_csrf_verify(secret, 0, tok, strlen(tok)));
	assert_false(tsr_csrf_verify(secret, sizeof(secret) - 1, tok, strlen(tok)));
	assert_int_equal(tsr_csrf_token(secret, 16, tok, sizeof(tok), &e), TSR_EINVAL);
	assert_string_equal(tok, "");
	assert_int_equal(tsr_csrf_token(NULL, TSR_CSRF_SECRET_LEN, tok, sizeof(tok), &e), TSR_EINVAL);
}

static void test_small_output_buffer_refused(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	tsr_error e;

	(void) state;
	new_secret(secret);
	assert_int_equal(tsr_csrf_token(secret, sizeof(secret), tok, TSR_CSRF_TOKEN_LEN, &e),
	                 TSR_EINVAL);
	assert_int_equal(e.err, TSR_EINVAL);
	assert_string_equal(tok, "");
}

static ssize_t failing_getrandom(void *buf, size_t len, unsigned flags)
{
	(void) buf;
	(void) len;
	(void) flags;
	errno = EIO;
	return -1;
}

static void test_random_failure_reported(void **state)
{
	uint8_t secret[TSR_CSRF_SECRET_LEN];
	char tok[TSR_CSRF_TOKEN_LEN + 1];
	tsr_error e;

	(void) state;
	new_secret(secret);
	tsr__random_getrandom = failing_getrandom;
	assert_int_equal(tsr_csrf_token(secret, sizeof(secret), tok, sizeof(tok), &e), TSR_ERANDOM);
	assert_string_equal(tok, "");
	assert_int_equal(tsr_csrf_secret_generate(secret, &e), TSR_ERANDOM);
	tsr__random_getrandom = getrandom;
	assert_int_equal(e.err, TSR_ERANDOM);
	for (size_t i = 0; i < sizeof(secret); i++) {
		assert_int_equal(secret[i], 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_token_shape),
	    cmocka_unit_test(test_two_tokens_differ_and_both_verify),
	    cmocka_unit_test(test_token_does_not_contain_secret_encoding),
	    cmocka_unit_test(test_token_of_another_secret_fails),
	    cmocka_unit_test(test_secret_differing_in_one_bit_fails),
	    cmocka_unit_test(test_every_truncation_fails),
	    cmocka_unit_test(test_every_character_change_fails),
	    cmocka_unit_test(test_raw_bit_flips_fail),
	    cmocka_unit_test(test_non_canonical_last_character_fails),
	    cmocka_unit_test(test_garbage_and_huge_input_fail),
	    cmocka_unit_test(test_token_read_exactly_its_length),
	    cmocka_unit_test(test_bad_secret_refused),
	    cmocka_unit_test(test_small_output_buffer_refused),
	    cmocka_unit_test(test_random_failure_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
