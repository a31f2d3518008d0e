/*
 * Unit tests for the session record codec (lib/src/record.c): round trips,
 * a hand-written golden encoding, every truncation, each corrupted field,
 * each limit at its maximum and one past it, and the owned-bytes helpers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tessera/record.h"

/* Offsets of the variable fields in a record with no user id and no profiles. */
#define OFF_USER_ID 76u
#define OFF_PROFILES 78u
#define OFF_CSRF 80u

static void fill_full(tsr_record *r)
{
	static const char *const profiles[] = {"ua:Mozilla/5.0 (X11)", "ip:192.0.2.0/24", ""};
	uint8_t csrf[TSR_RECORD_CSRF_LEN];

	tsr_record_init(r);
	r->flags = 0;
	r->key_id = 0;
	for (unsigned i = 0; i < TSR_KEY_LEN; i++) {
		r->key[i] = (uint8_t) (i * 7 + 1);
	}
	r->created_at = INT64_C(1700000000123);
	r->last_active = INT64_C(1700000456789);
	r->idle_timeout = 1440;
	r->absolute_expiry = INT64_C(1700086400123);
	r->generation = UINT64_C(0xfedcba9876543210);
	assert_int_equal(tsr_bytes_set(&r->user_id, "user-42", 7), TSR_OK);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tsr_record_add_profile(r, profiles[i], strlen(profiles[i])), TSR_OK);
	}
	for (unsigned i = 0; i < TSR_RECORD_CSRF_LEN; i++) {
		csrf[i] = (uint8_t) (0xc0 + i);
	}
	assert_int_equal(tsr_bytes_set(&r->csrf_secret, csrf, sizeof(csrf)), TSR_OK);
	assert_int_equal(tsr_bytes_set(&r->flash, "\x01\x02\x00\x03", 4), TSR_OK);
	assert_int_equal(tsr_bytes_set(&r->forward, "sealed-new-id", 13), TSR_OK);
	r->forward_until = INT64_C(1700000486789);
	assert_int_equal(tsr_bytes_set(&r->payload, "n|i:41;s|s:3:\"\0ab\";", 20), TSR_OK);
}

/* A record with nothing but a valid idle timeout. */
static void fill_empty(tsr_record *r)
{
	tsr_record_init(r);
	r->idle_timeout = 1;
}

static void assert_bytes_equal(const tsr_bytes *a, const tsr_bytes *b)
{
	assert_int_equal(a->len, b->len);
	if (a->len > 0) {
		assert_memory_equal(a->data, b->data, a->len);
	}
}

static void assert_records_equal(const tsr_record *a, const tsr_record *b)
{
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->key_id, b->key_id);
	assert_memory_equal(a->key, b->key, TSR_KEY_LEN);
	assert_int_equal(a->created_at, b->created_at);
	assert_int_equal(a->last_active, b->last_active);
	assert_int_equal(a->idle_timeout, b->idle_timeout);
	assert_int_equal(a->absolute_expiry, b->absolute_expiry);
	assert_int_equal(a->generation, b->generation);
	assert_bytes_equal(&a->user_id, &b->user_id);
	assert_int_equal(a->n_profiles, b->n_profiles);
	for (size_t i = 0; i < a->n_profiles; i++) {
		assert_bytes_equal(&a->profiles[i], &b->profiles[i]);
	}
	assert_bytes_equal(&a->csrf_secret, &b->csrf_secret);
	assert_bytes_equal(&a->flash, &b->flash);
	assert_bytes_equal(&a->forward, &b->forward);
	assert_int_equal(a->forward_until, b->forward_until);
	assert_bytes_equal(&a->payload, &b->payload);
}

static void assert_record_cleared(const tsr_record *r)
{
	tsr_record zero;

	tsr_record_init(&zero);
	assert_memory_equal(r, &zero, sizeof(zero));
}

/* Encodes 'r', which must succeed, into 'out'. */
static void encode_ok(const tsr_record *r, tsr_bytes *out)
{
	tsr_error e;

	tsr_error_clear(&e);
	if (tsr_record_encode(r, out, &e) != TSR_OK) {
		fail_msg("encode failed: %s", e.errstr);
	}
}

/* Decodes 'len' bytes that must be rejected; checks the message names 'needle'. */
static void decode_fails(const uint8_t *buf, size_t len, const char *needle)
{
	tsr_record r;
	tsr_error e;
	int rc;

	tsr_record_init(&r);
	tsr_error_clear(&e);
	rc = tsr_record_decode(buf, len, &r, &e);
	if (rc != TSR_EBADRECORD) {
		fail_msg("decode of %zu bytes returned %d, want TSR_EBADRECORD", len, rc);
	}
	assert_int_equal(e.err, TSR_EBADRECORD);
	if (strstr(e.errstr, needle) == NULL) {
		fail_msg("message '%s' does not name '%s'", e.errstr, needle);
	}
	assert_record_cleared(&r);
}

static void test_round_trip_full(void **state)
{
	tsr_record a, b;
	tsr_bytes enc;
	(void) state;

	fill_full(&a);
	encode_ok(&a, &enc);
	tsr_record_init(&b);
	assert_int_equal(tsr_record_decode(enc.data, enc.len, &b, NULL), TSR_OK);
	assert_records_equal(&a, &b);
	tsr_bytes_free(&enc);
	tsr_record_clear(&a);
	tsr_record_clear(&b);
}

static void test_round_trip_empty(void **state)
{
	tsr_record a, b;
	tsr_bytes enc;
	(void) state;

	fill_empty(&a);
	encode_ok(&a, &enc);
	/* header + u16 + u16 + u8 + u32 + u16 + i64 + u32 */
	assert_int_equal(enc.len, TSR_RECORD_HEADER_LEN + 2 + 2 + 1 + 4 + 2 + 8 + 4);
	tsr_record_init(&b);
	assert_int_equal(tsr_record_decode(enc.data, enc.len, &b, NULL), TSR_OK);
	assert_records_equal(&a, &b);
	assert_null(b.payload.data);
	assert_null(b.profiles);
	tsr_bytes_free(&enc);
}

static void test_round_trip_encrypted_flag(void **state)
{
	tsr_record a, b;
	tsr_bytes enc;
	(void) state;

	fill_empty(&a);
	a.flags = TSR_RECORD_FLAG_ENCRYPTED;
	a.key_id = 0x0201;
	encode_ok(&a, &enc);
	assert_int_equal(enc.data[5], 0x01);
	assert_int_equal(enc.data[6], 0x01);
	assert_int_equal(enc.data[7], 0x02);
	tsr_record_init(&b);
	assert_int_equal(tsr_record_decode(enc.data, enc.len, &b, NULL), TSR_OK);
	assert_int_equal(b.flags, TSR_RECORD_FLAG_ENCRYPTED);
	assert_int_equal(b.key_id, 0x0201);
	tsr_bytes_free(&enc);
	tsr_record_clear(&b);
}

static void test_encode_key_id_must_match_the_flag(void **state)
{
	tsr_record a;
	tsr_bytes enc = {NULL, 0};
	tsr_error e;
	(void) state;

	fill_empty(&a);
	a.key_id = 3; /* a key id on a plain payload */
	tsr_error_clear(&e);
	assert_int_equal(tsr_record_encode(&a, &enc, &e), TSR_EINVAL);
	assert_non_null(strstr(e.errstr, "'key_id'"));
	a.key_id = 0;
	a.flags = TSR_RECORD_FLAG_ENCRYPTED; /* an encrypted payload naming no key */
	tsr_error_clear(&e);
	assert_int_equal(tsr_record_encode(&a, &enc, &e), TSR_EINVAL);
	assert_non_null(strstr(e.errstr, "'key_id'"));
	assert_null(enc.data);
}

/* The v1 format, written out byte by byte: any change to the encoding breaks this test. */
static const uint8_t golden[] = {
    'T',  'S',  'R',  'C',                          /* magic */
    0x01,                                           /* version */
    0x00,                                           /* flags */
    0x00, 0x00,                                     /* key_id */
    0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, /* key */
    0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
    0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
    0xaa, 0xaa, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, /* created_at 0x0102030405060708 */
    0x09, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,             /* last_active 0x0102030405060709 */
    0x08, 0x07, 0x00, 0x00,                                     /* idle_timeout 1800 */
    0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,             /* absolute_expiry -2 */
    0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,             /* generation 10 */
    0x02, 0x00, 'u',  '1',                                      /* user id "u1" */
    0x01, 0x00, 0x02, 0x00, 'u',  'a',                          /* 1 profile, "ua" */
    0x00,                                                       /* no CSRF secret */
    0x00, 0x00, 0x00, 0x00,                                     /* no flash */
    0x01, 0x00, 'F',                                            /* forward "F" */
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,             /* forward_until 256 */
    0x06, 0x00, 0x00, 0x00, 'x',  '|',  'i',  ':',  '1',  ';',  /* payload */
};

static void fill_golden(tsr_record *r)
{
	tsr_record_init(r);
	memset(r->key, 0xaa, TSR_KEY_LEN);
	r->created_at = INT64_C(0x0102030405060708);
	r->last_active = INT64_C(0x0102030405060709);
	r->idle_timeout = 1800;
	r->absolute_expiry = -2;
	r->generation = 10;
	assert_int_equal(tsr_bytes_set(&r->user_id, "u1", 2), TSR_OK);
	assert_int_equal(tsr_record_add_profile(r, "ua", 2), TSR_OK);
	assert_int_equal(tsr_bytes_set(&r->forward, "F", 1), TSR_OK);
	r->forward_until = 256;
	assert_int_equal(tsr_bytes_set(&r->payload, "x|i:1;", 6), TSR_OK);
}

static void test_golden_encoding(void **state)
{
	tsr_record r;
	tsr_bytes enc;
	(void) state;

	fill_golden(&r);
	encode_ok(&r, &enc);
	assert_int_equal(enc.len, sizeof(golden));
	assert_memory_equal(enc.data, golden, sizeof(golden));
	tsr_bytes_free(&enc);
	tsr_record_clear(&r);
}

static void test_golden_decoding(void **state)
{
	tsr_record want, got;
	(void) state;

	fill_golden(&want);
	tsr_record_init(&got);
	assert_int_equal(tsr_record_decode(golden, sizeof(golden), &got, NULL), TSR_OK);
	assert_records_equal(&want, &got);
	assert_int_equal(got.absolute_expiry, -2);
	tsr_record_clear(&want);
	tsr_record_clear(&got);
}

/* Every proper prefix of a valid encoding is rejected as truncated, and never read past. */
static void test_every_truncation_fails(void **state)
{
	tsr_record a;
	tsr_bytes enc;
	(void) state;

	fill_full(&a);
	encode_ok(&a, &enc);
	for (size_t n = 0; n < enc.len; n++) {
		/* A heap copy of exactly n bytes, so ASan catches any read past the end. */
		uint8_t *copy = malloc(n > 0 ? n : 1);
		assert_non_null(copy);
		if (n > 0) {
			memcpy(copy, enc.data, n);
		}
		decode_fails(n > 0 ? copy : NULL, n, "truncated");
		free(copy);
	}
	tsr_bytes_free(&enc);
	tsr_record_clear(&a);
}

static void test_trailing_bytes_rejected(void **state)
{
	tsr_record a;
	tsr_bytes enc;
	uint8_t *longer;
	(void) state;

	fill_full(&a);
	encode_ok(&a, &enc);
	longer = malloc(enc.len + 1);
	assert_non_null(longer);
	memcpy(longer, enc.data, enc.len);
	longer[enc.len] = 0;
	decode_fails(longer, enc.len + 1, "trailing");
	free(longer);
	tsr_bytes_free(&enc);
	tsr_record_clear(&a);
}

/* Encodes an empty record, lets 'patch' corrupt it, and expects a rejection naming 'needle'. */
static void corrupt_empty(size_t off, uint8_t value, const char *needle)
{
	tsr_record a;
	tsr_bytes enc;

	fill_empty(&a);
	encode_ok(&a, &enc);
	assert_true(off < enc.len);
	enc.data[off] = value;
	decode_fails(enc.data, enc.len, needle);
	tsr_bytes_free(&enc);
}

static void test_bad_magic(void **state)
{
	(void) state;
	corrupt_empty(0, 'X', "'magic' at offset 0");
	corrupt_empty(3, 'c', "'magic'");
}

static void test_unknown_version(void **state)
{
	(void) state;
	corrupt_empty(4, 2, "'version' at offset 4");
	corrupt_empty(4, 0, "'version'");
}

static void test_unknown_flag_bits(void **state)
{
	(void) state;
	corrupt_empty(5, 0x02, "'flags' at offset 5");
	corrupt_empty(5, 0x80, "'flags'");
}

static void test_key_id_without_encryption(void **state)
{
	(void) state;
	corrupt_empty(6, 1, "'key_id' at offset 6");
	corrupt_empty(7, 1, "'key_id'");
}

static void test_encryption_without_key_id(void **state)
{
	(void) state;
	corrupt_empty(5, TSR_RECORD_FLAG_ENCRYPTED, "'key_id' at offset 6 is 0");
}

static void test_zero_idle_timeout(void **state)
{
	(void) state;
	corrupt_empty(56, 0, "'idle_timeout' at offset 56");
}

static void test_csrf_wrong_length(void **state)
{
	(void) state;
	/* 16 is under the limit but not a valid length: the message says so. */
	corrupt_empty(OFF_CSRF, 16, "'csrf_secret' length 16 at offset 80");
	corrupt_empty(OFF_CSRF, 1, "'csrf_secret'");
	corrupt_empty(OFF_CSRF, 33, "'csrf_secret' length 33 at offset 80 over limit");
}

static void test_forward_until_without_forward(void **state)
{
	tsr_record a;
	tsr_bytes enc;
	size_t off;
	(void) state;

	fill_empty(&a);
	encode_ok(&a, &enc);
	off = OFF_CSRF + 1 + 4 + 2; /* forward_until */
	enc.data[off + 3] = 0x01;
	decode_fails(enc.data, enc.len, "'forward_until' at offset 87");
	tsr_bytes_free(&enc);
}

static void test_encode_rejects_forward_until_without_forward(void **state)
{
	tsr_record a;
	tsr_bytes enc;
	tsr_error e;
	(void) state;

	fill_empty(&a);
	a.forward_until = 5;
	tsr_error_clear(&e);
	assert_int_equal(tsr_record_encode(&a, &enc, &e), TSR_EINVAL);
	assert_non_null(strstr(e.errstr, "forward_until"));
	assert_null(enc.data);
}

static void test_encode_rejects_zero_idle_timeout(void **state)
{
	tsr_record a;
	tsr_bytes enc;
	tsr_error e;
	(void) state;

	tsr_record_init(&a);
	tsr_error_clear(&e);
	assert_int_equal(tsr_record_encode(&a, &enc, &e), TSR_EINVAL);
	assert_non_null(strstr(e.errstr, "idle_timeout"));
}

static void test_encode_rejects_csrf_wrong_length(void **state)
{
	tsr_record a;
	tsr_bytes enc;
	tsr_error e;
	(void) state;

	fill_empty(&a);
	assert_int_equal(tsr_bytes_set(&a.csrf_secret, "0123456789abcdef", 16), TSR_OK);
	tsr_error_clear(&e);
	assert_int_equal(tsr_record_encode(&a, &enc, &e), TSR_EINVAL);
	assert_non_null(strstr(e.errstr, "csrf_secret"));
	tsr_record_clear(&a);
}

static void test_encode_rejects_unknown_flags(void **state)
{
	tsr_record a;
	tsr_bytes enc;
	tsr_error e;
	(void) state;

	fill_empty(&a);
	a.flags = 0x04;
	tsr_error_clear(&e);
	assert_int_equal(tsr_record_encode(&a, &enc, &e), TSR_EINVAL);
	assert_non_null(strstr(e.errstr, "flags"));
}

/*
 * Limits. For each variable field: a record with the field at its maximum
 * round-trips; one byte more is refused by encode (TSR_ETOOBIG naming the
 * field) and, written by hand into the length prefix, by decode.
 */
typedef enum { F_USER_ID, F_PROFILE, F_FLASH, F_FORWARD, F_PAYLOAD } field;

static tsr_bytes *field_of(tsr_record *r, field f)
{
	switch (f) {
	case F_USER_ID:
		return &r->user_id;
	case F_PROFILE:
		return &r->profiles[0];
	case F_FLASH:
		return &r->flash;
	case F_FORWARD:
		return &r->forward;
	case F_PAYLOAD:
		return &r->payload;
	}
	return NULL;
}

/* Makes an empty record whose field 'f' holds 'len' bytes of 'x' (allocated directly). */
static void fill_with_field(tsr_record *r, field f, size_t len)
{
	tsr_bytes *b;

	fill_empty(r);
	if (f == F_PROFILE) {
		r->profiles = calloc(1, sizeof(tsr_bytes));
		assert_non_null(r->profiles);
		r->n_profiles = 1;
	}
	b = field_of(r, f);
	b->data = malloc(len);
	assert_non_null(b->data);
	memset(b->data, 'x', len);
	b->len = len;
}

static void check_limit(field f, size_t max, const char *name, size_t len_off, unsigned width)
{
	tsr_record a, b;
	tsr_bytes enc;
	tsr_error e;
	char needle[64];

	/* At the limit: encodes and decodes back. */
	fill_with_field(&a, f, max);
	encode_ok(&a, &enc);
	tsr_record_init(&b);
	assert_int_equal(tsr_record_decode(enc.data, enc.len, &b, NULL), TSR_OK);
	assert_records_equal(&a, &b);
	tsr_record_clear(&b);

	/* One more byte in the length prefix: decode refuses before reading the bytes. */
	{
		uint64_t v = 0;
		for (unsigned i = 0; i < width; i++) {
			v |= (uint64_t) enc.data[len_off + i] << (8 * i);
		}
		assert_int_equal(v, max); /* the prefix is where the test thinks it is */
		v = (uint64_t) max + 1;
		for (unsigned i = 0; i < width; i++) {
			enc.data[len_off + i] = (uint8_t) (v >> (8 * i));
		}
	}
	snprintf(needle, sizeof(needle), "'%s' length %zu at offset %zu over limit", name, max + 1,
	         len_off);
	decode_fails(enc.data, enc.len, needle);
	tsr_bytes_free(&enc);
	tsr_record_clear(&a);

	/* One byte over the limit: encode refuses with TSR_ETOOBIG naming the field. */
	fill_with_field(&a, f, max + 1);
	tsr_error_clear(&e);
	assert_int_equal(tsr_record_encode(&a, &enc, &e), TSR_ETOOBIG);
	snprintf(needle, sizeof(needle), "'%s'", name);
	assert_non_null(strstr(e.errstr, needle));
	assert_null(enc.data);
	tsr_record_clear(&a);
}

static void test_limit_user_id(void **state)
{
	(void) state;
	check_limit(F_USER_ID, TSR_RECORD_MAX_USER_ID, "user_id", OFF_USER_ID, 2);
}

static void test_limit_profile_length(void **state)
{
	(void) state;
	/* Profile count at 78, first profile's length at 80. */
	check_limit(F_PROFILE, TSR_RECORD_MAX_PROFILE, "profile", OFF_PROFILES + 2, 2);
}

static void test_limit_flash(void **state)
{
	(void) state;
	check_limit(F_FLASH, TSR_RECORD_MAX_FLASH, "flash", OFF_CSRF + 1, 4);
}

static void test_limit_forward(void **state)
{
	(void) state;
	check_limit(F_FORWARD, TSR_RECORD_MAX_FORWARD, "forward", OFF_CSRF + 1 + 4, 2);
}

static void test_limit_payload(void **state)
{
	(void) state;
	check_limit(F_PAYLOAD, TSR_RECORD_MAX_PAYLOAD, "payload", OFF_CSRF + 1 + 4 + 2 + 8, 4);
}

static void test_limit_profile_count(void **state)
{
	tsr_record a, b;
	tsr_bytes enc;
	tsr_error e;
	(void) state;

	fill_empty(&a);
	for (unsigned i = 0; i < TSR_RECORD_MAX_PROFILES; i++) {
		assert_int_equal(tsr_record_add_profile(&a, "p", 1), TSR_OK);
	}
	assert_int_equal(tsr_record_add_profile(&a, "p", 1), TSR_ETOOBIG);
	assert_int_equal(a.n_profiles, TSR_RECORD_MAX_PROFILES);
	encode_ok(&a, &enc);
	tsr_record_init(&b);
	assert_int_equal(tsr_record_decode(enc.data, enc.len, &b, NULL), TSR_OK);
	assert_records_equal(&a, &b);
	tsr_record_clear(&b);

	enc.data[OFF_PROFILES] = TSR_RECORD_MAX_PROFILES + 1;
	decode_fails(enc.data, enc.len, "'profiles' count 65 at offset 78 over limit");
	tsr_bytes_free(&enc);
	tsr_record_clear(&a);

	/* A hand-built record with one profile too many. */
	fill_empty(&a);
	a.profiles = calloc(TSR_RECORD_MAX_PROFILES + 1, sizeof(tsr_bytes));
	assert_non_null(a.profiles);
	a.n_profiles = TSR_RECORD_MAX_PROFILES + 1;
	tsr_error_clear(&e);
	assert_int_equal(tsr_record_encode(&a, &enc, &e), TSR_ETOOBIG);
	assert_non_null(strstr(e.errstr, "'profiles'"));
	tsr_record_clear(&a);
}

static void test_add_profile_rejects_long_profile(void **state)
{
	tsr_record a;
	char big[TSR_RECORD_MAX_PROFILE + 1];
	(void) state;

	memset(big, 'p', sizeof(big));
	fill_empty(&a);
	assert_int_equal(tsr_record_add_profile(&a, big, sizeof(big)), TSR_ETOOBIG);
	assert_int_equal(a.n_profiles, 0);
	assert_int_equal(tsr_record_add_profile(&a, big, sizeof(big) - 1), TSR_OK);
	assert_int_equal(a.n_profiles, 1);
	assert_int_equal(a.profiles[0].len, TSR_RECORD_MAX_PROFILE);
	tsr_record_clear(&a);
}

/* A profile that claims more bytes than remain is a truncation at that profile. */
static void test_profile_overrunning_buffer(void **state)
{
	tsr_record a;
	tsr_bytes enc;
	(void) state;

	fill_empty(&a);
	assert_int_equal(tsr_record_add_profile(&a, "abc", 3), TSR_OK);
	encode_ok(&a, &enc);
	enc.data[OFF_PROFILES + 2] = 200; /* length of profile 0 */
	decode_fails(enc.data, enc.len, "'profile' needs 200 bytes at offset 82");
	tsr_bytes_free(&enc);
	tsr_record_clear(&a);
}

/* Decoding into a record that already holds data frees the old data (LeakSanitizer checks). */
static void test_decode_replaces_previous_contents(void **state)
{
	tsr_record a, b;
	tsr_bytes enc;
	(void) state;

	fill_full(&b);
	fill_empty(&a);
	encode_ok(&a, &enc);
	assert_int_equal(tsr_record_decode(enc.data, enc.len, &b, NULL), TSR_OK);
	assert_records_equal(&a, &b);
	tsr_bytes_free(&enc);
}

static void test_decode_failure_clears_output(void **state)
{
	tsr_record a, b;
	tsr_bytes enc;
	(void) state;

	fill_full(&a);
	encode_ok(&a, &enc);
	fill_full(&b);
	/* The payload's length prefix (20 bytes of payload follow it) claims one byte more. */
	assert_int_equal(enc.data[enc.len - 24], 20);
	enc.data[enc.len - 24] = 21;
	assert_int_equal(tsr_record_decode(enc.data, enc.len, &b, NULL), TSR_EBADRECORD);
	assert_record_cleared(&b);
	tsr_bytes_free(&enc);
	tsr_record_clear(&a);
}

static void test_decode_null_arguments(void **state)
{
	tsr_record r;
	(void) state;

	tsr_record_init(&r);
	assert_int_equal(tsr_record_decode(NULL, 5, &r, NULL), TSR_EINVAL);
	assert_int_equal(tsr_record_decode(golden, sizeof(golden), NULL, NULL), TSR_EINVAL);
}

static void test_clear_releases_everything(void **state)
{
	tsr_record r;
	(void) state;

	fill_full(&r);
	tsr_record_clear(&r);
	assert_record_cleared(&r);
	tsr_record_clear(&r); /* twice is fine */
	tsr_record_clear(NULL);
}

static void test_bytes_set_and_free(void **state)
{
	tsr_bytes b = {NULL, 0};
	(void) state;

	assert_int_equal(tsr_bytes_set(&b, "abc", 3), TSR_OK);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "abc", 3);
	assert_int_equal(tsr_bytes_set(&b, "de", 2), TSR_OK);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "de", 2);
	assert_int_equal(tsr_bytes_set(&b, NULL, 0), TSR_OK);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(tsr_bytes_set(&b, NULL, 1), TSR_EINVAL);
	assert_int_equal(tsr_bytes_set(&b, "x", 1), TSR_OK);
	tsr_bytes_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	tsr_bytes_free(NULL);
}

/* Encodes a minimal record naming 'user' (NULL: nobody) into 'out'. */
static void encode_user(const char *user, tsr_bytes *out)
{
	tsr_record rec;

	tsr_record_init(&rec);
	rec.created_at = 1000;
	rec.last_active = 1000;
	rec.idle_timeout = 60;
	if (user != NULL) {
		assert_int_equal(tsr_bytes_set(&rec.user_id, user, strlen(user)), TSR_OK);
	}
	assert_int_equal(tsr_bytes_set(&rec.payload, "data", 4), TSR_OK);
	out->data = NULL;
	out->len = 0;
	assert_int_equal(tsr_record_encode(&rec, out, NULL), TSR_OK);
	tsr_record_clear(&rec);
}

static void test_user_of_finds_the_user_without_decoding(void **state)
{
	const uint8_t *uid;
	size_t ulen;
	tsr_bytes enc;

	(void) state;
	encode_user("alice@example.org", &enc);
	assert_true(tsr_record_user_of(enc.data, enc.len, &uid, &ulen));
	assert_int_equal(ulen, 17);
	assert_memory_equal(uid, "alice@example.org", 17);
	tsr_bytes_free(&enc);
}

static void test_user_of_no_user(void **state)
{
	const uint8_t *uid = (const uint8_t *) "x";
	size_t ulen = 9;
	tsr_bytes enc;

	(void) state;
	encode_user(NULL, &enc);
	assert_false(tsr_record_user_of(enc.data, enc.len, &uid, &ulen));
	assert_null(uid);
	assert_int_equal(ulen, 0);
	tsr_bytes_free(&enc);
}

static void test_user_of_refuses_short_or_foreign_bytes(void **state)
{
	const uint8_t *uid;
	size_t ulen;
	tsr_bytes enc;

	(void) state;
	encode_user("bob", &enc);
	/* Cut inside the user id: the length says more than there is. */
	assert_false(tsr_record_user_of(enc.data, TSR_RECORD_HEADER_LEN + 2 + 2, &uid, &ulen));
	assert_false(tsr_record_user_of(enc.data, TSR_RECORD_HEADER_LEN + 1, &uid, &ulen));
	enc.data[0] ^= 0xff; /* not the magic */
	assert_false(tsr_record_user_of(enc.data, enc.len, &uid, &ulen));
	assert_false(tsr_record_user_of(NULL, 0, &uid, &ulen));
	tsr_bytes_free(&enc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_full),
	    cmocka_unit_test(test_user_of_finds_the_user_without_decoding),
	    cmocka_unit_test(test_user_of_no_user),
	    cmocka_unit_test(test_user_of_refuses_short_or_foreign_bytes),
	    cmocka_unit_test(test_round_trip_empty),
	    cmocka_unit_test(test_round_trip_encrypted_flag),
	    cmocka_unit_test(test_golden_encoding),
	    cmocka_unit_test(test_golden_decoding),
	    cmocka_unit_test(test_every_truncation_fails),
	    cmocka_unit_test(test_trailing_bytes_rejected),
	    cmocka_unit_test(test_bad_magic),
	    cmocka_unit_test(test_unknown_version),
	    cmocka_unit_test(test_unknown_flag_bits),
	    cmocka_unit_test(test_key_id_without_encryption),
	    cmocka_unit_test(test_encryption_without_key_id),
	    cmocka_unit_test(test_encode_key_id_must_match_the_flag),
	    cmocka_unit_test(test_zero_idle_timeout),
	    cmocka_unit_test(test_csrf_wrong_length),
	    cmocka_unit_test(test_forward_until_without_forward),
	    cmocka_unit_test(test_encode_rejects_forward_until_without_forward),
	    cmocka_unit_test(test_encode_rejects_zero_idle_timeout),
	    cmocka_unit_test(test_encode_rejects_csrf_wrong_length),
	    cmocka_unit_test(test_encode_rejects_unknown_flags),
	    cmocka_unit_test(test_limit_user_id),
	    cmocka_unit_test(test_limit_profile_length),
	    cmocka_unit_test(test_limit_flash),
	    cmocka_unit_test(test_limit_forward),
	    cmocka_unit_test(test_limit_payload),
	    cmocka_unit_test(test_limit_profile_count),
	    cmocka_unit_test(test_add_profile_rejects_long_profile),
	    cmocka_unit_test(test_profile_overrunning_buffer),
	    cmocka_unit_test(test_decode_replaces_previous_contents),
	    cmocka_unit_test(test_decode_failure_clears_output),
	    cmocka_unit_test(test_decode_null_arguments),
	    cmocka_unit_test(test_clear_releases_everything),
	    cmocka_unit_test(test_bytes_set_and_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
