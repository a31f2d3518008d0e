/*
 * libFuzzer target for the profile entry decoder (lib/src/profile.c).
 *
 * Decodes arbitrary bytes as one stored profile entry (layout v1, see
 * tessera/profile.h); the decoder must never read out of bounds, leak or
 * trip a sanitizer. A failure must be TSR_EBADRECORD with the output
 * zeroed. A success must have the documented shape, re-encode to exactly
 * the input bytes (one encoding per entry), match itself under every
 * policy that can match at all, print an address that parses back to the
 * same address, and behave the same through a record's profile list
 * (tsr_profile_last, tsr_profile_check, tsr_profile_use) as on its own.
 *
 * Built with -DTSR_FUZZ_SEED_MAIN instead, this file is a small program
 * that writes entries made with the real encoder into the directory named
 * by its argument as seeds (used by `make fuzz`).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_file.h"
#include "tessera/profile.h"

#ifndef TSR_FUZZ_SEED_MAIN

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports which invariant broke and stops the run (libFuzzer saves the input). */
static void broken(const char *what)
{
	fprintf(stderr, "profile invariant broken: %s\n", what);
	abort();
}

/* True when 'a' and 'b' hold the same profile, field by field. */
static bool same_profile(const tsr_profile *a, const tsr_profile *b)
{
	return a->ip_family == b->ip_family && memcmp(a->ip, b->ip, sizeof(a->ip)) == 0 &&
	       memcmp(a->ua_hash, b->ua_hash, sizeof(a->ua_hash)) == 0 &&
	       a->first_seen == b->first_seen && a->ua_len == b->ua_len &&
	       memcmp(a->ua, b->ua, a->ua_len + 1) == 0;
}

/* Checks the decoded 'p' (from the 'size' bytes at 'data') on its own. */
static void check_decoded(const uint8_t *data, size_t size, const tsr_profile *p)
{
	static const tsr_profile_ua_mode uas[] = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_UA_OFF};
	static const tsr_profile_ip_mode ips[] = {TSR_PROFILE_IP_OFF, TSR_PROFILE_IP_SUBNET,
	                                          TSR_PROFILE_IP_STRICT};
	uint8_t enc[TSR_PROFILE_MAX_LEN];
	char text[TSR_PROFILE_IP_TEXT_SIZE];
	tsr_profile again;
	tsr_profile parsed;
	size_t len = 0;

	if ((p->ip_family != 0 && p->ip_family != 4 && p->ip_family != 6) ||
	    p->ua_len > TSR_PROFILE_MAX_UA || p->ua[p->ua_len] != '\0') {
		broken("decoded entry out of its documented shape");
	}
	if (tsr_profile_encode(p, enc, sizeof(enc), &len) != TSR_OK) {
		broken("decoded entry does not re-encode");
	}
	if (len != size || memcmp(enc, data, size) != 0) {
		broken("re-encoding differs from the input");
	}
	if (tsr_profile_decode(enc, len, &again) != TSR_OK || !same_profile(p, &again)) {
		broken("re-encoded entry decodes to something else");
	}
	for (size_t u = 0; u < sizeof(uas) / sizeof(uas[0]); u++) {
		for (size_t i = 0; i < sizeof(ips) / sizeof(ips[0]); i++) {
			tsr_profile_policy pol = {uas[u], ips[i]};
			bool want = ips[i] == TSR_PROFILE_IP_OFF || p->ip_family != 0;
			if (tsr_profile_matches(&pol, p, p) != want) {
				broken("an entry does not match itself as the policy says");
			}
		}
	}
	if (tsr_profile_ip_text(p, text, sizeof(text)) != TSR_OK) {
		broken("a decoded address has no text form");
	}
	if (p->ip_family == 0) {
		if (text[0] != '\0') {
			broken("an unknown address prints as text");
		}
		return;
	}
	/* The text goes back through the request path to the same stored address. */
	if (tsr_profile_from_request(NULL, 0, text, 0, &parsed, NULL) != TSR_OK ||
	    parsed.ip_family != p->ip_family || memcmp(parsed.ip, p->ip, sizeof(p->ip)) != 0) {
		broken("address text does not parse back to the stored address");
	}
}

/*
 * Puts the entry into a record's profile list and checks that the list
 * calls agree with the entry decoded alone ('ok', 'p').
 */
static void check_in_record(const uint8_t *data, size_t size, bool ok, const tsr_profile *p)
{
	tsr_profile_policy pol = {TSR_PROFILE_UA_STRICT, TSR_PROFILE_IP_OFF};
	tsr_profile_verdict verdict;
	tsr_profile last;
	tsr_profile other;
	tsr_record rec;
	size_t index = 99;
	bool changed = true;
	int rc;

	tsr_record_init(&rec);
	if (tsr_record_add_profile(&rec, data, size) != TSR_OK) {
		tsr_record_clear(&rec); /* over the record's own limit: not a profile question */
		return;
	}
	rc = tsr_profile_last(&rec, &last);
	if (rc != (ok ? TSR_OK : TSR_EBADRECORD) || (ok && !same_profile(p, &last))) {
		broken("tsr_profile_last disagrees with tsr_profile_decode");
	}
	/* A request with a UA nobody sends: an entry only matches it when it decodes to it. */
	if (tsr_profile_from_request("fuzz", 4, NULL, 0, &other, NULL) != TSR_OK ||
	    tsr_profile_check(&pol, &rec, ok ? p : &other, &verdict, &index) != TSR_OK) {
		broken("tsr_profile_check failed on a one-entry record");
	}
	if (ok ? verdict != TSR_PROFILE_KNOWN || index != 0 : verdict != TSR_PROFILE_CHANGED) {
		broken("tsr_profile_check: wrong verdict for its own entry");
	}
	rc = tsr_profile_use(&rec, 0, ok ? p : &other, &changed);
	if (ok ? rc != TSR_OK || changed : rc != TSR_EBADRECORD || changed) {
		broken("tsr_profile_use: wrong outcome for its own entry");
	}
	tsr_record_clear(&rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t zero[sizeof(tsr_profile)];
	tsr_profile p;
	int rc;

	memset(&p, 0xa5, sizeof(p));
	rc = tsr_profile_decode(data, size, &p);
	if (rc == TSR_OK) {
		check_decoded(data, size, &p);
	} else if (rc != TSR_EBADRECORD || memcmp(&p, zero, sizeof(p)) != 0) {
		broken("a refused entry is not TSR_EBADRECORD with the output zeroed");
	}
	check_in_record(data, size, rc == TSR_OK, &p);
	return 0;
}

#else /* TSR_FUZZ_SEED_MAIN */

/* Encodes the profile of 'ua' and 'ip' at 'now' into '<dir>/<name>'. Returns 0 or 1. */
static int write_seed(const char *dir, const char *name, const char *ua, const char *ip,
                      int64_t now)
{
	uint8_t enc[TSR_PROFILE_MAX_LEN];
	tsr_profile p;
	tsr_error e;
	size_t len;

	if (tsr_profile_from_request(ua, ua == NULL ? 0 : strlen(ua), ip, now, &p, &e) != TSR_OK ||
	    tsr_profile_encode(&p, enc, sizeof(enc), &len) != TSR_OK) {
		fprintf(stderr, "seed %s: cannot build the profile\n", name);
		return 1;
	}
	return tsr_fuzz_seed_write(dir, name, enc, len);
}

int main(int argc, char **argv)
{
	char long_ua[TSR_PROFILE_MAX_UA + 40];
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	memset(long_ua, 'M', sizeof(long_ua) - 1);
	long_ua[sizeof(long_ua) - 1] = '\0';
	bad |= write_seed(argv[1], "unknown", NULL, NULL, 0);
	bad |= write_seed(argv[1], "ipv4", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0", "192.0.2.1",
	                  INT64_C(1700000000000));
	bad |= write_seed(argv[1], "ipv6", "curl/8.4.0", "2001:db8:1:2::99", INT64_C(1700000000001));
	bad |= write_seed(argv[1], "mapped", "curl/8.4.0", "::ffff:198.51.100.7", -1);
	bad |= write_seed(argv[1], "long-ua", long_ua, "::1", INT64_MAX);
	return bad;
}

#endif
