/*
 * Unit tests for client profiles (lib/src/profile.c): building a profile
 * from a request (IP parsing, UA hashing and clipping), the entry codec
 * and its refusal of malformed bytes, matching under each policy, and the
 * bounded, most-recently-used profile list of a record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/profile.h"

#define T0 INT64_C(1700000000000)
#define UA_A "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"
#define UA_B "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"

/* The profile of a request with user agent 'ua' from 'ip' at 'now'; the test fails on error. */
static tsr_profile prof(const char *ua, const char *ip, int64_t now)
{
	tsr_profile p;
	tsr_error e;

	if (tsr_profile_from_request(ua, ua == NULL ? 0 : strlen(ua), ip, now, &p, &e) != TSR_OK) {
		fail_msg("profile of '%s' from '%s': %s", ua, ip, e.errstr);
	}
	return p;
}

/* True when 'a' matches 'b' under UA mode 'ua' and IP mode 'ip'. */
static bool match(tsr_profile_ua_mode ua, tsr_profile_ip_mode ip, const tsr_profile *a,
                  const tsr_profile *b)
{
	tsr_profile_policy pol = {ua, ip};

	return tsr_profile_matches(&pol, a, b);
}

static void test_ipv4_parsed(void **state)
{
	tsr_profile p = prof(UA_A, "192.0.2.17", T0);
	char text[TSR_PROFILE_IP_TEXT_SIZE];

	(void) state;
	assert_int_equal(p.ip_family, 4);
	assert_int_equal(p.ip[0], 192);
	assert_int_equal(p.ip[3], 17);
	assert_int_equal(tsr_profile_ip_text(&p, text, sizeof(text)), TSR_OK);
	assert_string_equal(text, "192.0.2.17");
}

static void test_ipv6_parsed_and_mapped_ipv4_folded(void **state)
{
	tsr_profile p6 = prof(UA_A, "2001:db8::1", T0);
	tsr_profile mapped = prof(UA_A, "::ffff:192.0.2.17", T0);
	tsr_profile p4 = prof(UA_A, "192.0.2.17", T0);
	char text[TSR_PROFILE_IP_TEXT_SIZE];

	(void) state;
	assert_int_equal(p6.ip_family, 6);
	assert_int_equal(tsr_profile_ip_text(&p6, text, sizeof(text)), TSR_OK);
	assert_string_equal(text, "2001:db8::1");
	assert_int_equal(mapped.ip_family, 4);
	assert_memory_equal(mapped.ip, p4.ip, 16);
	assert_true(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_STRICT, &p4, &mapped));
}

static void test_garbage_ip_refused(void **state)
{
	static const char *bad[] = {
	    "1.2.3",     "1.2.3.4.5",    "256.1.1.1",     "1.2.3.4 ",      " 1.2.3.4",
	    "01.2.3.4x", "2001:db8:::1", "fe80::1%eth0",  "example.org",   "1.2.3.4/24",
	    "::g",       "1.2.3.4\n",    "::ffff:1.2.3.", "[2001:db8::1]", "0x7f.0.0.1",
	};
	tsr_profile p;
	tsr_error e;

	(void) state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (tsr_profile_from_request(UA_A, strlen(UA_A), bad[i], T0, &p, &e) != TSR_EINVAL) {
			fail_msg("address '%s' accepted", bad[i]);
		}
		assert_int_equal(p.ip_family, 0);
	}
}

static void test_missing_ip_is_unknown(void **state)
{
	tsr_profile a = prof(UA_A, NULL, T0);
	tsr_profile b = prof(UA_A, "", T0);
	char text[TSR_PROFILE_IP_TEXT_SIZE];

	(void) state;
	assert_int_equal(a.ip_family, 0);
	assert_int_equal(b.ip_family, 0);
	assert_int_equal(tsr_profile_ip_text(&a, text, sizeof(text)), TSR_OK);
	assert_string_equal(text, "");
	/* Unknown addresses match only when the IP is not compared. */
	assert_true(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF, &a, &b));
	assert_false(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_SUBNET, &a, &b));
	assert_false(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_STRICT, &a, &b));
}

static void test_long_ua_clipped_but_fully_hashed(void **state)
{
	char ua1[1000], ua2[1000];
	tsr_profile a, b;

	(void) state;
	memset(ua1, 'x', sizeof(ua1) - 1);
	ua1[sizeof(ua1) - 1] = '\0';
	memcpy(ua2, ua1, sizeof(ua2));
	ua2[900] = 'y'; /* differs only after the clip */
	a = prof(ua1, "192.0.2.1", T0);
	b = prof(ua2, "192.0.2.1", T0);
	assert_int_equal(a.ua_len, TSR_PROFILE_MAX_UA);
	assert_int_equal(strlen(a.ua), TSR_PROFILE_MAX_UA);
	assert_memory_equal(a.ua, b.ua, TSR_PROFILE_MAX_UA);
	assert_false(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF, &a, &b));
	assert_true(match(TSR_PROFILE_UA_OFF, TSR_PROFILE_IP_OFF, &a, &b));
}

/* The User-Agent hash is SHA-256 of its bytes (FIPS 180-2 test vectors), a missing one hashed as
 * empty. */
static void test_ua_hash_is_sha256(void **state)
{
	static const uint8_t abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
	                                0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
	                                0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
	                                0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
	static const uint8_t empty[32] = {0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
	                                  0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
	                                  0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
	                                  0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};
	tsr_profile p;

	(void) state;
	assert_int_equal(tsr_profile_from_request("abc", 3, NULL, T0, &p, NULL), TSR_OK);
	assert_memory_equal(p.ua_hash, abc, sizeof(abc));
	assert_int_equal(tsr_profile_from_request(NULL, 0, NULL, T0, &p, NULL), TSR_OK);
	assert_memory_equal(p.ua_hash, empty, sizeof(empty));
}

static void test_encode_decode_round_trip(void **state)
{
	tsr_profile p = prof(UA_B, "2001:db8:1:2::99", T0 + 5);
	tsr_profile q;
	uint8_t buf[TSR_PROFILE_MAX_LEN];
	size_t len;

	(void) state;
	assert_int_equal(tsr_profile_encode(&p, buf, sizeof(buf), &len), TSR_OK);
	assert_int_equal(len, TSR_PROFILE_FIXED_LEN + strlen(UA_B));
	assert_int_equal(buf[0], TSR_PROFILE_VERSION);
	assert_int_equal(tsr_profile_decode(buf, len, &q), TSR_OK);
	assert_int_equal(q.ip_family, 6);
	assert_memory_equal(q.ip, p.ip, 16);
	assert_memory_equal(q.ua_hash, p.ua_hash, TSR_PROFILE_HASH_LEN);
	assert_int_equal(q.first_seen, T0 + 5);
	assert_int_equal(q.ua_len, strlen(UA_B));
	assert_string_equal(q.ua, UA_B);
	/* The entry holds a hash of the UA, and the UA text only once, at the end. */
	assert_memory_equal(buf + TSR_PROFILE_FIXED_LEN, UA_B, strlen(UA_B));
}

static void test_decode_refuses_malformed(void **state)
{
	tsr_profile p = prof(UA_A, "192.0.2.1", T0);
	uint8_t buf[TSR_PROFILE_MAX_LEN + 8], bad[TSR_PROFILE_MAX_LEN + 8];
	tsr_profile q;
	size_t len;

	(void) state;
	assert_int_equal(tsr_profile_encode(&p, buf, sizeof(buf), &len), TSR_OK);
	for (size_t n = 0; n < len; n++) {
		uint8_t *copy = malloc(n > 0 ? n : 1); /* exact size: ASan catches over-reads */
		assert_non_null(copy);
		memcpy(copy, buf, n);
		if (tsr_profile_decode(copy, n, &q) != TSR_EBADRECORD) {
			fail_msg("entry truncated to %zu bytes decoded", n);
		}
		free(copy);
	}
	memcpy(bad, buf, len);
	bad[len] = 0;
	assert_int_equal(tsr_profile_decode(bad, len + 1, &q), TSR_EBADRECORD); /* trailing byte */
	memcpy(bad, buf, len);
	bad[0] = 2;
	assert_int_equal(tsr_profile_decode(bad, len, &q), TSR_EBADRECORD); /* version */
	memcpy(bad, buf, len);
	bad[1] = 5;
	assert_int_equal(tsr_profile_decode(bad, len, &q), TSR_EBADRECORD); /* family */
	memcpy(bad, buf, len);
	bad[2 + 10] = 1;
	assert_int_equal(tsr_profile_decode(bad, len, &q), TSR_EBADRECORD); /* IPv4 tail not 0 */
	memcpy(bad, buf, len);
	bad[58] = 0xff;
	bad[59] = 0xff;
	assert_int_equal(tsr_profile_decode(bad, len, &q), TSR_EBADRECORD); /* UA length */
	assert_int_equal(tsr_profile_decode(NULL, 0, &q), TSR_EBADRECORD);
}

/*
 * Regression (found by lib/fuzz/fuzz_profile.c): an entry of family 6
 * holding an IPv4-mapped address (::ffff:a.b.c.d) used to decode, although
 * such addresses are only ever stored as IPv4; the request from that
 * address (folded to IPv4) then never matched it under an IP policy.
 */
static void test_mapped_ipv4_as_ipv6_refused(void **state)
{
	static const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 17};
	tsr_profile p = prof(UA_A, "192.0.2.17", T0);
	tsr_profile forged = prof(UA_A, "2001:db8::1", T0);
	uint8_t buf[TSR_PROFILE_MAX_LEN];
	tsr_profile q;
	size_t len;

	(void) state;
	assert_int_equal(tsr_profile_encode(&p, buf, sizeof(buf), &len), TSR_OK);
	buf[1] = 6;
	memcpy(buf + 2, mapped, sizeof(mapped));
	assert_int_equal(tsr_profile_decode(buf, len, &q), TSR_EBADRECORD);
	assert_int_equal(q.ip_family, 0);
	memcpy(forged.ip, mapped, sizeof(mapped));
	assert_int_equal(tsr_profile_encode(&forged, buf, sizeof(buf), &len), TSR_EINVAL);
	/* Other IPv6 addresses that start with zeros still round-trip. */
	forged = prof(UA_A, "::1", T0);
	assert_int_equal(tsr_profile_encode(&forged, buf, sizeof(buf), &len), TSR_OK);
	assert_int_equal(tsr_profile_decode(buf, len, &q), TSR_OK);
	assert_int_equal(q.ip_family, 6);
}

static void test_ua_policy(void **state)
{
	tsr_profile a = prof(UA_A, "192.0.2.1", T0);
	tsr_profile b = prof(UA_B, "192.0.2.1", T0);
	tsr_profile a2 = prof(UA_A, "192.0.2.1", T0 + 1000);

	(void) state;
	assert_true(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF, &a, &a2));
	assert_false(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF, &a, &b));
	assert_true(match(TSR_PROFILE_UA_OFF, TSR_PROFILE_IP_OFF, &a, &b));
}

static void test_ip_subnet_policy_ipv4(void **state)
{
	tsr_profile a = prof(UA_A, "198.51.100.7", T0);
	tsr_profile same24 = prof(UA_A, "198.51.100.250", T0);
	tsr_profile other24 = prof(UA_A, "198.51.101.7", T0);
	tsr_profile v6 = prof(UA_A, "2001:db8::7", T0);

	(void) state;
	assert_true(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_SUBNET, &a, &same24));
	assert_false(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_SUBNET, &a, &other24));
	assert_false(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_SUBNET, &a, &v6));
	assert_false(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_STRICT, &a, &same24));
	assert_true(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF, &a, &other24));
}

static void test_ip_subnet_policy_ipv6(void **state)
{
	tsr_profile a = prof(UA_A, "2001:db8:aa:bb::1", T0);
	tsr_profile same64 = prof(UA_A, "2001:db8:aa:bb:ffff:1:2:3", T0);
	tsr_profile other64 = prof(UA_A, "2001:db8:aa:bc::1", T0);
	tsr_profile same = prof(UA_A, "2001:0db8:00aa:00bb:0000:0000:0000:0001", T0);

	(void) state;
	assert_true(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_SUBNET, &a, &same64));
	assert_false(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_SUBNET, &a, &other64));
	assert_false(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_STRICT, &a, &same64));
	assert_true(match(TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_STRICT, &a, &same));
}

/* Adds 'p' to 'rec' through tsr_profile_accept with 'max'. */
static void accept(tsr_record *rec, const tsr_profile *p, size_t max)
{
	assert_int_equal(tsr_profile_accept(rec, p, max), TSR_OK);
}

static void test_check_first_known_changed(void **state)
{
	tsr_profile_policy pol = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF};
	tsr_profile a = prof(UA_A, "192.0.2.1", T0);
	tsr_profile b = prof(UA_B, "192.0.2.1", T0);
	tsr_profile_verdict v;
	tsr_record rec;
	size_t index = 99;

	(void) state;
	tsr_record_init(&rec);
	assert_int_equal(tsr_profile_check(&pol, &rec, &a, &v, &index), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_FIRST);
	accept(&rec, &a, 0);
	assert_int_equal(tsr_profile_check(&pol, &rec, &a, &v, &index), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_KNOWN);
	assert_int_equal(index, 0);
	assert_int_equal(tsr_profile_check(&pol, &rec, &b, &v, &index), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_CHANGED);
	accept(&rec, &b, 0);
	assert_int_equal(tsr_profile_check(&pol, &rec, &b, &v, &index), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_KNOWN);
	assert_int_equal(index, 1);
	tsr_record_clear(&rec);
}

static void test_undecodable_entry_never_matches(void **state)
{
	tsr_profile_policy pol = {TSR_PROFILE_UA_OFF, TSR_PROFILE_IP_OFF};
	tsr_profile a = prof(UA_A, "192.0.2.1", T0);
	tsr_profile_verdict v;
	tsr_record rec;

	(void) state;
	tsr_record_init(&rec);
	assert_int_equal(tsr_record_add_profile(&rec, "junk", 4), TSR_OK);
	assert_int_equal(tsr_profile_check(&pol, &rec, &a, &v, NULL), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_CHANGED);
	tsr_record_clear(&rec);
}

static void test_accept_bounded_oldest_dropped(void **state)
{
	tsr_profile_policy pol = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF};
	tsr_profile p[5];
	tsr_profile_verdict v;
	tsr_profile last;
	tsr_record rec;
	char ua[32];

	(void) state;
	tsr_record_init(&rec);
	for (int i = 0; i < 5; i++) {
		snprintf(ua, sizeof(ua), "agent-%d", i);
		p[i] = prof(ua, "192.0.2.1", T0 + i);
		accept(&rec, &p[i], 3);
	}
	assert_int_equal(rec.n_profiles, 3);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(tsr_profile_check(&pol, &rec, &p[i], &v, NULL), TSR_OK);
		assert_int_equal(v, i < 2 ? TSR_PROFILE_CHANGED : TSR_PROFILE_KNOWN);
	}
	assert_int_equal(tsr_profile_last(&rec, &last), TSR_OK);
	assert_string_equal(last.ua, "agent-4");
	/* A smaller bound later drops several at once. */
	p[0] = prof("agent-new", "192.0.2.1", T0 + 9);
	accept(&rec, &p[0], 1);
	assert_int_equal(rec.n_profiles, 1);
	assert_int_equal(tsr_profile_last(&rec, &last), TSR_OK);
	assert_string_equal(last.ua, "agent-new");
	tsr_record_clear(&rec);
}

static void test_use_moves_last_and_refreshes(void **state)
{
	tsr_profile_policy pol = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF};
	tsr_profile a = prof(UA_A, "192.0.2.1", T0);
	tsr_profile b = prof(UA_B, "192.0.2.2", T0 + 1);
	tsr_profile a_moved = prof(UA_A, "203.0.113.9", T0 + 50);
	tsr_profile_verdict v;
	tsr_profile last;
	tsr_record rec;
	char text[TSR_PROFILE_IP_TEXT_SIZE];
	size_t index;
	bool changed = false;

	(void) state;
	tsr_record_init(&rec);
	accept(&rec, &a, 0);
	accept(&rec, &b, 0);
	assert_int_equal(tsr_profile_check(&pol, &rec, &a_moved, &v, &index), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_KNOWN);
	assert_int_equal(index, 0);
	assert_int_equal(tsr_profile_use(&rec, index, &a_moved, &changed), TSR_OK);
	assert_true(changed);
	assert_int_equal(rec.n_profiles, 2);
	assert_int_equal(tsr_profile_last(&rec, &last), TSR_OK);
	assert_string_equal(last.ua, UA_A);
	assert_int_equal(tsr_profile_ip_text(&last, text, sizeof(text)), TSR_OK);
	assert_string_equal(text, "203.0.113.9");
	assert_int_equal(last.first_seen, T0); /* kept from the known entry */
	/* Used again unchanged: nothing to write. */
	assert_int_equal(tsr_profile_use(&rec, 1, &a_moved, &changed), TSR_OK);
	assert_false(changed);
	assert_int_equal(tsr_profile_use(&rec, 2, &a_moved, &changed), TSR_EINVAL);
	tsr_record_clear(&rec);
}

static void test_policy_change_keeps_entries_usable(void **state)
{
	tsr_profile_policy off = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF};
	tsr_profile_policy subnet = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_SUBNET};
	tsr_profile a = prof(UA_A, "192.0.2.1", T0);
	tsr_profile near = prof(UA_A, "192.0.2.77", T0);
	tsr_profile far = prof(UA_A, "198.51.100.1", T0);
	tsr_profile_verdict v;
	tsr_record rec;

	(void) state;
	tsr_record_init(&rec);
	accept(&rec, &a, 0);
	assert_int_equal(tsr_profile_check(&off, &rec, &far, &v, NULL), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_KNOWN);
	/* Tightened later: entries stored under "off" are still compared by address. */
	assert_int_equal(tsr_profile_check(&subnet, &rec, &near, &v, NULL), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_KNOWN);
	assert_int_equal(tsr_profile_check(&subnet, &rec, &far, &v, NULL), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_CHANGED);
	tsr_record_clear(&rec);
}

static void test_profiles_survive_record_codec(void **state)
{
	tsr_profile_policy pol = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_STRICT};
	tsr_profile a = prof(UA_A, "2001:db8::5", T0);
	tsr_profile_verdict v;
	tsr_record rec, back;
	tsr_bytes enc = {NULL, 0};

	(void) state;
	tsr_record_init(&rec);
	tsr_record_init(&back);
	rec.idle_timeout = 60;
	accept(&rec, &a, 0);
	assert_int_equal(tsr_record_encode(&rec, &enc, NULL), TSR_OK);
	assert_int_equal(tsr_record_decode(enc.data, enc.len, &back, NULL), TSR_OK);
	assert_int_equal(tsr_profile_check(&pol, &back, &a, &v, NULL), TSR_OK);
	assert_int_equal(v, TSR_PROFILE_KNOWN);
	tsr_bytes_free(&enc);
	tsr_record_clear(&rec);
	tsr_record_clear(&back);
}

static void test_mode_spellings(void **state)
{
	tsr_profile_ua_mode ua;
	tsr_profile_ip_mode ip;

	(void) state;
	assert_int_equal(tsr_profile_ua_parse("strict", &ua), TSR_OK);
	assert_int_equal(ua, TSR_PROFILE_UA_STRICT);
	assert_int_equal(tsr_profile_ua_parse("off", &ua), TSR_OK);
	assert_int_equal(ua, TSR_PROFILE_UA_OFF);
	assert_int_equal(tsr_profile_ua_parse("subnet", &ua), TSR_EINVAL);
	assert_int_equal(tsr_profile_ip_parse("subnet", &ip), TSR_OK);
	assert_int_equal(ip, TSR_PROFILE_IP_SUBNET);
	assert_int_equal(tsr_profile_ip_parse("strict", &ip), TSR_OK);
	assert_int_equal(ip, TSR_PROFILE_IP_STRICT);
	assert_int_equal(tsr_profile_ip_parse("off", &ip), TSR_OK);
	assert_int_equal(ip, TSR_PROFILE_IP_OFF);
	assert_int_equal(tsr_profile_ip_parse("Strict", &ip), TSR_EINVAL);
	assert_int_equal(tsr_profile_ip_parse(NULL, &ip), TSR_EINVAL);
	assert_string_equal(tsr_profile_ip_name(TSR_PROFILE_IP_SUBNET), "subnet");
	assert_string_equal(tsr_profile_ua_name(TSR_PROFILE_UA_OFF), "off");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ipv4_parsed),
	    cmocka_unit_test(test_ipv6_parsed_and_mapped_ipv4_folded),
	    cmocka_unit_test(test_garbage_ip_refused),
	    cmocka_unit_test(test_missing_ip_is_unknown),
	    cmocka_unit_test(test_long_ua_clipped_but_fully_hashed),
	    cmocka_unit_test(test_ua_hash_is_sha256),
	    cmocka_unit_test(test_encode_decode_round_trip),
	    cmocka_unit_test(test_decode_refuses_malformed),
	    cmocka_unit_test(test_mapped_ipv4_as_ipv6_refused),
	    cmocka_unit_test(test_ua_policy),
	    cmocka_unit_test(test_ip_subnet_policy_ipv4),
	    cmocka_unit_test(test_ip_subnet_policy_ipv6),
	    cmocka_unit_test(test_check_first_known_changed),
	    cmocka_unit_test(test_undecodable_entry_never_matches),
	    cmocka_unit_test(test_accept_bounded_oldest_dropped),
	    cmocka_unit_test(test_use_moves_last_and_refreshes),
	    cmocka_unit_test(test_policy_change_keeps_entries_usable),
	    cmocka_unit_test(test_profiles_survive_record_codec),
	    cmocka_unit_test(test_mode_spellings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
