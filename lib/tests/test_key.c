/*
 * Unit tests for storage keys (lib/src/key.c): SHA-256 known-answer vectors
 * from FIPS 180-4 / NIST's examples, the hex form, and parsing of hex keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tessera/key.h"

/* SHA-256("abc"): FIPS 180-4 example, checked with `printf abc | sha256sum`. */
#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/* SHA-256 of the empty string (`printf '' | sha256sum`). */
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/* SHA-256 of the NIST two-block message "abcdbcde...nopq" (56 bytes). */
#define MSG_448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define SHA256_448 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"

static void test_abc_vector(void **state)
{
	tsr_key k;
	tsr_error e;
	(void) state;

	tsr_error_clear(&e);
	assert_int_equal(tsr_key_from_sid("abc", 3, &k, &e), TSR_OK);
	assert_string_equal(k.hex, SHA256_ABC);
	assert_int_equal(k.bytes[0], 0xba);
	assert_int_equal(k.bytes[31], 0xad);
}

static void test_empty_vector(void **state)
{
	tsr_key k;
	(void) state;

	assert_int_equal(tsr_key_from_sid("", 0, &k, NULL), TSR_OK);
	assert_string_equal(k.hex, SHA256_EMPTY);
	assert_int_equal(tsr_key_from_sid(NULL, 0, &k, NULL), TSR_OK);
	assert_string_equal(k.hex, SHA256_EMPTY);
}

static void test_two_block_vector(void **state)
{
	tsr_key k;
	(void) state;

	assert_int_equal(tsr_key_from_sid(MSG_448, strlen(MSG_448), &k, NULL), TSR_OK);
	assert_string_equal(k.hex, SHA256_448);
}

/* Only 'len' bytes are hashed, not up to a NUL. */
static void test_hashes_exactly_len_bytes(void **state)
{
	tsr_key k;
	(void) state;

	assert_int_equal(tsr_key_from_sid("abcdef", 3, &k, NULL), TSR_OK);
	assert_string_equal(k.hex, SHA256_ABC);
}

static void test_null_arguments(void **state)
{
	tsr_key k;
	tsr_error e;
	(void) state;

	tsr_error_clear(&e);
	assert_int_equal(tsr_key_from_sid(NULL, 3, &k, &e), TSR_EINVAL);
	assert_int_equal(e.err, TSR_EINVAL);
	assert_int_equal(tsr_key_from_sid("abc", 3, NULL, NULL), TSR_EINVAL);
}

static void test_from_hex_round_trip(void **state)
{
	tsr_key a, b;
	(void) state;

	assert_int_equal(tsr_key_from_sid("abc", 3, &a, NULL), TSR_OK);
	assert_int_equal(tsr_key_from_hex(a.hex, TSR_KEY_HEX_LEN, &b), TSR_OK);
	assert_memory_equal(a.bytes, b.bytes, TSR_KEY_LEN);
	assert_string_equal(b.hex, SHA256_ABC);
}

static void test_from_hex_accepts_upper_case(void **state)
{
	tsr_key k;
	char upper[] = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
	(void) state;

	assert_int_equal(tsr_key_from_hex(upper, strlen(upper), &k), TSR_OK);
	assert_string_equal(k.hex, SHA256_ABC);
	assert_int_equal(k.bytes[1], 0x78);
}

static void test_from_hex_rejects_wrong_length(void **state)
{
	tsr_key k;
	(void) state;

	memset(&k, 0x5a, sizeof(k));
	assert_int_equal(tsr_key_from_hex(SHA256_ABC, 63, &k), TSR_EINVAL);
	assert_int_equal(tsr_key_from_hex(SHA256_ABC "0", 65, &k), TSR_EINVAL);
	assert_int_equal(tsr_key_from_hex("", 0, &k), TSR_EINVAL);
	assert_int_equal(tsr_key_from_hex(NULL, 64, &k), TSR_EINVAL);
	assert_int_equal(tsr_key_from_hex(SHA256_ABC, 64, NULL), TSR_EINVAL);
	assert_int_equal(k.bytes[0], 0x5a); /* untouched on failure */
}

static void test_from_hex_rejects_each_non_hex_byte(void **state)
{
	char buf[TSR_KEY_HEX_LEN + 1];
	tsr_key k;
	(void) state;

	for (int c = 0; c < 256; c++) {
		int is_hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
		memcpy(buf, SHA256_ABC, sizeof(buf));
		buf[17] = (char) c;
		if (tsr_key_from_hex(buf, TSR_KEY_HEX_LEN, &k) != (is_hex ? TSR_OK : TSR_EINVAL)) {
			fail_msg("byte 0x%02x: expected %s", c, is_hex ? "accepted" : "rejected");
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_abc_vector),
	    cmocka_unit_test(test_empty_vector),
	    cmocka_unit_test(test_two_block_vector),
	    cmocka_unit_test(test_hashes_exactly_len_bytes),
	    cmocka_unit_test(test_null_arguments),
	    cmocka_unit_test(test_from_hex_round_trip),
	    cmocka_unit_test(test_from_hex_accepts_upper_case),
	    cmocka_unit_test(test_from_hex_rejects_wrong_length),
	    cmocka_unit_test(test_from_hex_rejects_each_non_hex_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
