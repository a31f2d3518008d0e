/*
 * Unit tests for session IDs (lib/src/sid.c): lengths per strength, the
 * RFC 4648 section 5 alphabet, uniqueness, validation of every byte value,
 * and getrandom(2) failures and short reads injected through
 * tsr__sid_getrandom.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tessera/sid.h"

#define ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

static ssize_t (*real_getrandom)(void *, size_t, unsigned);

static int restore_getrandom(void **state)
{
	(void) state;
	tsr__sid_getrandom = real_getrandom;
	return 0;
}

static void test_length_per_bits(void **state)
{
	(void) state;
	assert_int_equal(tsr_sid_length(128), 22);
	assert_int_equal(tsr_sid_length(129), 22);
	assert_int_equal(tsr_sid_length(132), 22);
	assert_int_equal(tsr_sid_length(133), 23);
	assert_int_equal(tsr_sid_length(192), 32);
	assert_int_equal(tsr_sid_length(256), 43);
	assert_int_equal(tsr_sid_length(384), TSR_SID_MAX_LEN);
	for (unsigned bits = TSR_SID_MIN_BITS; bits <= TSR_SID_MAX_BITS; bits++) {
		size_t len = tsr_sid_length(bits);
		assert_true(len * 6 >= bits);
		assert_true((len - 1) * 6 < bits);
	}
}

static void test_length_out_of_range(void **state)
{
	(void) state;
	assert_int_equal(tsr_sid_length(0), 0);
	assert_int_equal(tsr_sid_length(127), 0);
	assert_int_equal(tsr_sid_length(385), 0);
	assert_int_equal(tsr_sid_length(~0u), 0);
}

static void test_generate_rejects_bits_out_of_range(void **state)
{
	char out[TSR_SID_MAX_LEN + 8];
	tsr_error e;
	(void) state;

	tsr_error_clear(&e);
	assert_int_equal(tsr_sid_generate(127, out, sizeof(out), &e), TSR_EINVAL);
	assert_int_equal(e.err, TSR_EINVAL);
	assert_non_null(strstr(e.errstr, "127"));
	assert_string_equal(out, "");
	assert_int_equal(tsr_sid_generate(385, out, sizeof(out), &e), TSR_EINVAL);
	assert_non_null(strstr(e.errstr, "385"));
}

static void test_generate_rejects_small_buffer(void **state)
{
	char out[33]; /* 192 bits need 32 characters plus the NUL */
	(void) state;

	assert_int_equal(tsr_sid_generate(192, out, 32, NULL), TSR_EINVAL);
	assert_int_equal(tsr_sid_generate(192, out, 0, NULL), TSR_EINVAL);
	assert_int_equal(tsr_sid_generate(192, NULL, 64, NULL), TSR_EINVAL);
	assert_int_equal(tsr_sid_generate(192, out, sizeof(out), NULL), TSR_OK);
	assert_int_equal(strlen(out), 32);
}

static void test_generate_length_and_alphabet(void **state)
{
	static const unsigned strengths[] = {128, 160, 192, 256, 384};
	char out[TSR_SID_MAX_LEN + 1];
	(void) state;

	for (size_t s = 0; s < sizeof(strengths) / sizeof(strengths[0]); s++) {
		for (int i = 0; i < 2000; i++) {
			assert_int_equal(tsr_sid_generate(strengths[s], out, sizeof(out), NULL), TSR_OK);
			assert_int_equal(strlen(out), tsr_sid_length(strengths[s]));
			assert_int_equal(strspn(out, ALPHABET), strlen(out));
			assert_int_equal(tsr_sid_validate(out, strlen(out), strengths[s]), TSR_OK);
		}
	}
}

/* Over many IDs every one of the 64 symbols shows up (a stuck bit would hide half of them). */
static void test_generate_uses_whole_alphabet(void **state)
{
	char out[TSR_SID_MAX_LEN + 1];
	int seen[256] = {0};
	(void) state;

	for (int i = 0; i < 200; i++) {
		assert_int_equal(tsr_sid_generate(384, out, sizeof(out), NULL), TSR_OK);
		for (size_t j = 0; out[j] != '\0'; j++) {
			seen[(unsigned char) out[j]]++;
		}
	}
	for (const char *a = ALPHABET; *a != '\0'; a++) {
		assert_true(seen[(unsigned char) *a] > 0);
	}
}

static int cmp_ids(const void *a, const void *b)
{
	return strcmp((const char *) a, (const char *) b);
}

static void test_generate_unique(void **state)
{
	enum { N = 20000, W = 23 };
	char(*ids)[W] = calloc(N, W);
	(void) state;

	assert_non_null(ids);
	for (int i = 0; i < N; i++) {
		assert_int_equal(tsr_sid_generate(128, ids[i], W, NULL), TSR_OK);
	}
	qsort(ids, N, W, cmp_ids);
	for (int i = 1; i < N; i++) {
		assert_string_not_equal(ids[i - 1], ids[i]);
	}
	free(ids);
}

static void test_validate_every_byte_value(void **state)
{
	char id[33];
	(void) state;

	memcpy(id, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 33);
	assert_int_equal(tsr_sid_validate(id, 32, 192), TSR_OK);
	for (int c = 0; c < 256; c++) {
		int want = strchr(ALPHABET, c) != NULL && c != 0 ? TSR_OK : TSR_EBADID;
		for (size_t pos = 0; pos < 32; pos += 31) {
			memcpy(id, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 33);
			id[pos] = (char) c;
			if (tsr_sid_validate(id, 32, 192) != want) {
				fail_msg("byte 0x%02x at %zu: expected %d", c, pos, want);
			}
		}
	}
}

static void test_validate_wrong_length(void **state)
{
	char out[TSR_SID_MAX_LEN + 1];
	(void) state;

	assert_int_equal(tsr_sid_generate(192, out, sizeof(out), NULL), TSR_OK);
	assert_int_equal(tsr_sid_validate(out, 32, 192), TSR_OK);
	assert_int_equal(tsr_sid_validate(out, 31, 192), TSR_EBADID);
	assert_int_equal(tsr_sid_validate(out, 0, 192), TSR_EBADID);
	assert_int_equal(tsr_sid_validate(out, 22, 128), TSR_OK);
	assert_int_equal(tsr_sid_validate(out, 21, 128), TSR_EBADID);
	assert_int_equal(tsr_sid_validate(out, 33, 192), TSR_EBADID); /* includes the NUL */
	assert_int_equal(tsr_sid_validate(out, 32, 127), TSR_EBADID);
	assert_int_equal(tsr_sid_validate(NULL, 32, 192), TSR_EBADID);
	assert_int_equal(tsr_sid_validate("", 0, 127), TSR_EBADID);
}

static void test_validate_rejects_path_and_line_tricks(void **state)
{
	(void) state;
	assert_int_equal(tsr_sid_validate("../x", 4, 128), TSR_EBADID);
	assert_int_equal(tsr_sid_validate("../AAAAAAAAAAAAAAAAAAA", 22, 128), TSR_EBADID);
	assert_int_equal(tsr_sid_validate("AAAAAAAAAAAAAAAAAAAA/x", 22, 128), TSR_EBADID);
	assert_int_equal(tsr_sid_validate("AAAAAAAAAAAAAAAAAAAA\r\n", 22, 128), TSR_EBADID);
	assert_int_equal(tsr_sid_validate("AAAAAAAAAAAAAAAAAAAAA=", 22, 128), TSR_EBADID);
	assert_int_equal(tsr_sid_validate("AAAAAAAAAAAAAAAAAAAAA+", 22, 128), TSR_EBADID);
	assert_int_equal(tsr_sid_validate("AAAAAAAAAA\0AAAAAAAAAAA", 22, 128), TSR_EBADID);
	assert_int_equal(tsr_sid_validate("Az09-_Az09-_Az09-_Az09", 22, 128), TSR_OK);
}

/* Reads no byte past 'len': the ID sits at the very end of a heap block (ASan checks it). */
static void test_validate_reads_only_len_bytes(void **state)
{
	char *p = malloc(22);
	(void) state;

	assert_non_null(p);
	memcpy(p, "Az09-_Az09-_Az09-_Az09", 22);
	assert_int_equal(tsr_sid_validate(p, 22, 128), TSR_OK);
	free(p);
}

static ssize_t failing_getrandom(void *buf, size_t len, unsigned flags)
{
	(void) buf;
	(void) len;
	(void) flags;
	errno = EIO;
	return -1;
}

static void test_generate_reports_getrandom_failure(void **state)
{
	char out[TSR_SID_MAX_LEN + 1];
	tsr_error e;
	(void) state;

	tsr__sid_getrandom = failing_getrandom;
	tsr_error_clear(&e);
	memset(out, 'Q', sizeof(out));
	assert_int_equal(tsr_sid_generate(192, out, sizeof(out), &e), TSR_ERANDOM);
	assert_int_equal(e.err, TSR_ERANDOM);
	assert_non_null(strstr(e.errstr, "getrandom"));
	assert_string_equal(out, "");
}

static int short_calls;

/* Returns one byte per call, each 0x00, 0x01, 0x02, ... and an EINTR every third call. */
static ssize_t short_getrandom(void *buf, size_t len, unsigned flags)
{
	static unsigned char next;
	(void) flags;

	short_calls++;
	if (short_calls % 3 == 0) {
		errno = EINTR;
		return -1;
	}
	if (len == 0) {
		return 0;
	}
	*(unsigned char *) buf = next++;
	return 1;
}

static void test_generate_handles_short_reads_and_eintr(void **state)
{
	char out[TSR_SID_MAX_LEN + 1];
	(void) state;

	tsr__sid_getrandom = short_getrandom;
	short_calls = 0;
	assert_int_equal(tsr_sid_generate(128, out, sizeof(out), NULL), TSR_OK);
	/* 22 bytes with one interruption after every two reads. */
	assert_int_equal(short_calls, 22 + 10);
	assert_string_equal(out, "ABCDEFGHIJKLMNOPQRSTUV");
}

static ssize_t zero_getrandom(void *buf, size_t len, unsigned flags)
{
	(void) buf;
	(void) len;
	(void) flags;
	return 0;
}

static void test_generate_fails_when_getrandom_returns_nothing(void **state)
{
	char out[TSR_SID_MAX_LEN + 1];
	(void) state;

	tsr__sid_getrandom = zero_getrandom;
	assert_int_equal(tsr_sid_generate(128, out, sizeof(out), NULL), TSR_ERANDOM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_length_per_bits),
	    cmocka_unit_test(test_length_out_of_range),
	    cmocka_unit_test(test_generate_rejects_bits_out_of_range),
	    cmocka_unit_test(test_generate_rejects_small_buffer),
	    cmocka_unit_test(test_generate_length_and_alphabet),
	    cmocka_unit_test(test_generate_uses_whole_alphabet),
	    cmocka_unit_test(test_generate_unique),
	    cmocka_unit_test(test_validate_every_byte_value),
	    cmocka_unit_test(test_validate_wrong_length),
	    cmocka_unit_test(test_validate_rejects_path_and_line_tricks),
	    cmocka_unit_test(test_validate_reads_only_len_bytes),
	    cmocka_unit_test_teardown(test_generate_reports_getrandom_failure, restore_getrandom),
	    cmocka_unit_test_teardown(test_generate_handles_short_reads_and_eintr, restore_getrandom),
	    cmocka_unit_test_teardown(test_generate_fails_when_getrandom_returns_nothing,
	                              restore_getrandom),
	};
	real_getrandom = tsr__sid_getrandom;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
