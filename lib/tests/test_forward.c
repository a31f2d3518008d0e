/*
 * Unit tests for regeneration forwards (lib/src/forward.c): sealing the
 * new ID under the old one and opening it again, refusal with another ID,
 * another record's key, altered or truncated bytes; nonce freshness; the
 * classification of a record's forward field; and retiring a record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tessera/forward.h"
#include "tessera/sid.h"

typedef struct ids {
	char old_sid[TSR_SID_MAX_LEN + 1];
	char new_sid[TSR_SID_MAX_LEN + 1];
	tsr_key old_key;
} ids;

/* Two fresh IDs and the old one's storage key. */
static void make_ids(ids *d)
{
	assert_int_equal(tsr_sid_generate(TSR_SID_DEFAULT_BITS, d->old_sid, sizeof(d->old_sid), NULL),
	                 TSR_OK);
	assert_int_equal(tsr_sid_generate(TSR_SID_DEFAULT_BITS, d->new_sid, sizeof(d->new_sid), NULL),
	                 TSR_OK);
	assert_int_equal(tsr_key_from_sid(d->old_sid, strlen(d->old_sid), &d->old_key, NULL), TSR_OK);
}

/* Seals d->new_sid under d->old_sid into 'out'. */
static void seal(const ids *d, tsr_bytes *out)
{
	tsr_error e;

	out->data = NULL;
	out->len = 0;
	assert_int_equal(tsr_forward_seal(d->old_sid, strlen(d->old_sid), &d->old_key, d->new_sid,
	                                  strlen(d->new_sid), out, &e),
	                 TSR_OK);
}

/* Opens 'sealed' with 'sid' and 'key'; returns the code, the ID in 'got'. */
static int open_with(const char *sid, const tsr_key *key, const uint8_t *sealed, size_t len,
                     char *got)
{
	size_t got_len = 0;
	tsr_error e;

	return tsr_forward_open(sid, strlen(sid), key, sealed, len, got, TSR_SID_MAX_LEN + 1, &got_len,
	                        &e);
}

static void test_round_trip(void **state)
{
	char got[TSR_SID_MAX_LEN + 1];
	size_t got_len = 0;
	tsr_bytes b;
	ids d;

	(void) state;
	make_ids(&d);
	seal(&d, &b);
	assert_int_equal(b.len, 1 + TSR_FORWARD_NONCE_LEN + strlen(d.new_sid) + TSR_FORWARD_TAG_LEN);
	assert_int_equal(b.data[0], TSR_FORWARD_KIND_FORWARD);
	assert_int_equal(tsr_forward_open(d.old_sid, strlen(d.old_sid), &d.old_key, b.data, b.len, got,
	                                  sizeof(got), &got_len, NULL),
	                 TSR_OK);
	assert_string_equal(got, d.new_sid);
	assert_int_equal(got_len, strlen(d.new_sid));
	/* The new ID does not appear in the clear. */
	assert_null(memmem(b.data, b.len, d.new_sid, strlen(d.new_sid)));
	tsr_bytes_free(&b);
}

static void test_two_seals_differ(void **state)
{
	tsr_bytes a, b;
	ids d;

	(void) state;
	make_ids(&d);
	seal(&d, &a);
	seal(&d, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_not_equal(a.data + 1, b.data + 1, TSR_FORWARD_NONCE_LEN);
	assert_memory_not_equal(a.data, b.data, a.len);
	tsr_bytes_free(&a);
	tsr_bytes_free(&b);
}

static void test_wrong_old_id_cannot_open(void **state)
{
	char got[TSR_SID_MAX_LEN + 1];
	char other[TSR_SID_MAX_LEN + 1];
	tsr_bytes b;
	ids d;

	(void) state;
	make_ids(&d);
	seal(&d, &b);
	assert_int_equal(tsr_sid_generate(TSR_SID_DEFAULT_BITS, other, sizeof(other), NULL), TSR_OK);
	/* Another ID, even presented with the right record key. */
	assert_int_equal(open_with(other, &d.old_key, b.data, b.len, got), TSR_ECRYPTO);
	assert_string_equal(got, "");
	/* The new ID itself does not open it either. */
	assert_int_equal(open_with(d.new_sid, &d.old_key, b.data, b.len, got), TSR_ECRYPTO);
	tsr_bytes_free(&b);
}

static void test_store_key_alone_cannot_open(void **state)
{
	char got[TSR_SID_MAX_LEN + 1];
	tsr_bytes b;
	ids d;

	(void) state;
	make_ids(&d);
	seal(&d, &b);
	/* What a leaked store holds is the key: using its hex as the "ID" opens nothing. */
	assert_int_equal(open_with(d.old_key.hex, &d.old_key, b.data, b.len, got), TSR_ECRYPTO);
	tsr_bytes_free(&b);
}

static void test_moved_to_another_record_fails(void **state)
{
	char got[TSR_SID_MAX_LEN + 1];
	tsr_key other_key;
	tsr_bytes b;
	ids d;

	(void) state;
	make_ids(&d);
	seal(&d, &b);
	other_key = d.old_key;
	other_key.bytes[31] ^= 1;
	assert_int_equal(open_with(d.old_sid, &other_key, b.data, b.len, got), TSR_ECRYPTO);
	tsr_bytes_free(&b);
}

static void test_every_bit_flip_fails(void **state)
{
	char got[TSR_SID_MAX_LEN + 1];
	uint8_t bad[128];
	tsr_bytes b;
	ids d;
	int rc;

	(void) state;
	make_ids(&d);
	seal(&d, &b);
	assert_true(b.len <= sizeof(bad));
	for (size_t bit = 0; bit < 8 * b.len; bit++) {
		memcpy(bad, b.data, b.len);
		bad[bit / 8] ^= (uint8_t) (1u << (bit % 8));
		rc = open_with(d.old_sid, &d.old_key, bad, b.len, got);
		if (rc != TSR_ECRYPTO && rc != TSR_EBADRECORD) {
			fail_msg("forward with bit %zu flipped: %s", bit, tsr_errname(rc));
		}
		assert_string_equal(got, "");
	}
	tsr_bytes_free(&b);
}

static void test_every_truncation_fails(void **state)
{
	char got[TSR_SID_MAX_LEN + 1];
	tsr_bytes b;
	ids d;
	int rc;

	(void) state;
	make_ids(&d);
	seal(&d, &b);
	for (size_t len = 0; len < b.len; len++) {
		rc = open_with(d.old_sid, &d.old_key, b.data, len, got);
		if (rc != TSR_ECRYPTO && rc != TSR_EBADRECORD) {
			fail_msg("forward truncated to %zu bytes: %s", len, tsr_errname(rc));
		}
	}
	tsr_bytes_free(&b);
}

static void test_bad_arguments(void **state)
{
	char got[TSR_SID_MAX_LEN + 1];
	size_t got_len;
	tsr_bytes b = {NULL, 0};
	ids d;

	(void) state;
	make_ids(&d);
	assert_int_equal(tsr_forward_seal(d.old_sid, 0, &d.old_key, d.new_sid, 5, &b, NULL),
	                 TSR_EINVAL);
	assert_int_equal(
	    tsr_forward_seal(d.old_sid, 5, &d.old_key, d.new_sid, TSR_SID_MAX_LEN + 1, &b, NULL),
	    TSR_EINVAL);
	assert_int_equal(tsr_forward_seal(d.old_sid, 5, NULL, d.new_sid, 5, &b, NULL), TSR_EINVAL);
	assert_null(b.data);
	seal(&d, &b);
	/* Output buffer too small for the ID. */
	assert_int_equal(tsr_forward_open(d.old_sid, strlen(d.old_sid), &d.old_key, b.data, b.len, got,
	                                  strlen(d.new_sid), &got_len, NULL),
	                 TSR_EINVAL);
	tsr_bytes_free(&b);
}

static void test_state_of(void **state)
{
	static const uint8_t revoked[1] = {TSR_FORWARD_KIND_REVOKED};
	static const uint8_t unknown[1] = {9};
	tsr_record rec;
	tsr_bytes b;
	ids d;

	(void) state;
	make_ids(&d);
	tsr_record_init(&rec);
	assert_int_equal(tsr_forward_state_of(&rec), TSR_FORWARD_NONE);
	seal(&d, &b);
	assert_int_equal(tsr_bytes_set(&rec.forward, b.data, b.len), TSR_OK);
	assert_int_equal(tsr_forward_state_of(&rec), TSR_FORWARD_FORWARD);
	assert_int_equal(tsr_bytes_set(&rec.forward, b.data, 10), TSR_OK);
	assert_int_equal(tsr_forward_state_of(&rec), TSR_FORWARD_BAD);
	assert_int_equal(tsr_bytes_set(&rec.forward, revoked, 1), TSR_OK);
	assert_int_equal(tsr_forward_state_of(&rec), TSR_FORWARD_REVOKED);
	assert_int_equal(tsr_bytes_set(&rec.forward, unknown, 1), TSR_OK);
	assert_int_equal(tsr_forward_state_of(&rec), TSR_FORWARD_BAD);
	tsr_bytes_free(&b);
	tsr_record_clear(&rec);
}

static void test_retire_empties_everything_but_lifetime(void **state)
{
	static const uint8_t revoked[1] = {TSR_FORWARD_KIND_REVOKED};
	uint8_t secret[TSR_RECORD_CSRF_LEN];
	tsr_record rec;

	(void) state;
	tsr_record_init(&rec);
	memset(secret, 7, sizeof(secret));
	rec.created_at = 1000;
	rec.last_active = 2000;
	rec.idle_timeout = 60;
	rec.absolute_expiry = 9000;
	assert_int_equal(tsr_bytes_set(&rec.user_id, "alice", 5), TSR_OK);
	assert_int_equal(tsr_record_add_profile(&rec, "p", 1), TSR_OK);
	assert_int_equal(tsr_bytes_set(&rec.csrf_secret, secret, sizeof(secret)), TSR_OK);
	assert_int_equal(tsr_bytes_set(&rec.flash, "f", 1), TSR_OK);
	assert_int_equal(tsr_bytes_set(&rec.payload, "data", 4), TSR_OK);
	assert_int_equal(tsr_forward_retire(&rec, revoked, 1, 5000), TSR_OK);
	assert_int_equal(rec.user_id.len, 0);
	assert_int_equal(rec.n_profiles, 0);
	assert_int_equal(rec.csrf_secret.len, 0);
	assert_int_equal(rec.flash.len, 0);
	assert_int_equal(rec.payload.len, 0);
	assert_int_equal(rec.forward.len, 1);
	assert_int_equal(rec.forward_until, 5000);
	assert_int_equal(rec.created_at, 1000);
	assert_int_equal(rec.absolute_expiry, 9000);
	assert_int_equal(tsr_forward_state_of(&rec), TSR_FORWARD_REVOKED);
	assert_int_equal(tsr_forward_retire(&rec, revoked, 0, 5000), TSR_EINVAL);
	tsr_record_clear(&rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_two_seals_differ),
	    cmocka_unit_test(test_wrong_old_id_cannot_open),
	    cmocka_unit_test(test_store_key_alone_cannot_open),
	    cmocka_unit_test(test_moved_to_another_record_fails),
	    cmocka_unit_test(test_every_bit_flip_fails),
	    cmocka_unit_test(test_every_truncation_fails),
	    cmocka_unit_test(test_bad_arguments),
	    cmocka_unit_test(test_state_of),
	    cmocka_unit_test(test_retire_empties_everything_but_lifetime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
