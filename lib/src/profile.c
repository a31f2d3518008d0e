/*
 * Client profiles (fingerprints): building a request's profile, the entry
 * codec (layout v1, see tessera/profile.h), policy matching, and keeping a
 * record's profile list bounded and in most-recently-used order.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include "sha256.h"
#include "tessera/profile.h"

#define PROFILE_OFF_FAMILY 1u
#define PROFILE_OFF_IP 2u
#define PROFILE_OFF_HASH 18u
#define PROFILE_OFF_FIRST_SEEN 50u
#define PROFILE_OFF_UA_LEN 58u

/* The first 12 bytes of an IPv4-mapped IPv6 address, ::ffff:a.b.c.d (RFC 4291 section 2.5.5.2). */
static const uint8_t profile_v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* Builds a request's profile (see profile.h). */
int tsr_profile_from_request(const char *ua, size_t ua_len, const char *ip, int64_t now,
                             tsr_profile *out, tsr_error *e)
{
	uint8_t v6[16];

	if (out == NULL || (ua == NULL && ua_len > 0)) {
		return tsr_error_set(e, TSR_EINVAL, "profile: NULL argument");
	}
	memset(out, 0, sizeof(*out));
	if (ip != NULL && ip[0] != '\0') {
		if (inet_pton(AF_INET, ip, out->ip) == 1) {
			out->ip_family = 4;
		} else if (inet_pton(AF_INET6, ip, v6) == 1) {
			if (memcmp(v6, profile_v4_mapped, sizeof(profile_v4_mapped)) == 0) {
				out->ip_family = 4;
				memcpy(out->ip, v6 + 12, 4);
			} else {
				out->ip_family = 6;
				memcpy(out->ip, v6, 16);
			}
		} else {
			memset(out, 0, sizeof(*out));
			return tsr_error_set(e, TSR_EINVAL, "profile: not an IPv4 or IPv6 address");
		}
	}
	_Static_assert(TSR_PROFILE_HASH_LEN == TSR_SHA256_LEN, "the User-Agent hash is a SHA-256");
	if (tsr__sha256(ua, ua_len, out->ua_hash) != 0) {
		memset(out, 0, sizeof(*out));
		return tsr_error_set(e, TSR_ECRYPTO, "profile: SHA-256 of the user agent failed");
	}
	out->ua_len = ua_len < TSR_PROFILE_MAX_UA ? ua_len : TSR_PROFILE_MAX_UA;
	if (out->ua_len > 0) {
		memcpy(out->ua, ua, out->ua_len);
	}
	out->ua[out->ua_len] = '\0';
	out->first_seen = now;
	return TSR_OK;
}

/*
 * True when 'ip' is stored the one way tsr_profile_from_request stores it:
 * the bytes past the family's length all zero (all 16 for family 0), and
 * no IPv4-mapped address under family 6 (those are stored as IPv4).
 */
static bool profile_ip_canonical(uint8_t family, const uint8_t *ip)
{
	size_t used = family == 4 ? 4 : family == 6 ? 16 : 0;

	if (family == 6 && memcmp(ip, profile_v4_mapped, sizeof(profile_v4_mapped)) == 0) {
		return false;
	}
	for (size_t i = used; i < 16; i++) {
		if (ip[i] != 0) {
			return false;
		}
	}
	return true;
}

/* Encodes 'p' as one layout-v1 entry (see profile.h). */
int tsr_profile_encode(const tsr_profile *p, uint8_t *out, size_t out_size, size_t *out_len)
{
	uint64_t first_seen;

	if (p == NULL || out == NULL || out_len == NULL) {
		return TSR_EINVAL;
	}
	*out_len = 0;
	if ((p->ip_family != 0 && p->ip_family != 4 && p->ip_family != 6) ||
	    !profile_ip_canonical(p->ip_family, p->ip) || p->ua_len > TSR_PROFILE_MAX_UA ||
	    out_size < TSR_PROFILE_FIXED_LEN + p->ua_len) {
		return TSR_EINVAL;
	}
	out[0] = TSR_PROFILE_VERSION;
	out[PROFILE_OFF_FAMILY] = p->ip_family;
	memcpy(out + PROFILE_OFF_IP, p->ip, 16);
	memcpy(out + PROFILE_OFF_HASH, p->ua_hash, TSR_PROFILE_HASH_LEN);
	first_seen = (uint64_t) p->first_seen;
	for (size_t i = 0; i < 8; i++) {
		out[PROFILE_OFF_FIRST_SEEN + i] = (uint8_t) (first_seen >> (8 * i));
	}
	out[PROFILE_OFF_UA_LEN] = (uint8_t) p->ua_len;
	out[PROFILE_OFF_UA_LEN + 1] = (uint8_t) (p->ua_len >> 8);
	if (p->ua_len > 0) {
		memcpy(out + TSR_PROFILE_FIXED_LEN, p->ua, p->ua_len);
	}
	*out_len = TSR_PROFILE_FIXED_LEN + p->ua_len;
	return TSR_OK;
}

/* Decodes one untrusted entry (see profile.h). */
int tsr_profile_decode(const uint8_t *buf, size_t len, tsr_profile *out)
{
	uint64_t first_seen = 0;
	size_t ua_len;

	if (out == NULL) {
		return TSR_EINVAL;
	}
	memset(out, 0, sizeof(*out));
	if (buf == NULL || len < TSR_PROFILE_FIXED_LEN || buf[0] != TSR_PROFILE_VERSION) {
		return TSR_EBADRECORD;
	}
	ua_len = (size_t) buf[PROFILE_OFF_UA_LEN] | ((size_t) buf[PROFILE_OFF_UA_LEN + 1] << 8);
	if (ua_len > TSR_PROFILE_MAX_UA || len != TSR_PROFILE_FIXED_LEN + ua_len) {
		return TSR_EBADRECORD;
	}
	out->ip_family = buf[PROFILE_OFF_FAMILY];
	memcpy(out->ip, buf + PROFILE_OFF_IP, 16);
	if ((out->ip_family != 0 && out->ip_family != 4 && out->ip_family != 6) ||
	    !profile_ip_canonical(out->ip_family, out->ip)) {
		memset(out, 0, sizeof(*out));
		return TSR_EBADRECORD;
	}
	memcpy(out->ua_hash, buf + PROFILE_OFF_HASH, TSR_PROFILE_HASH_LEN);
	for (size_t i = 0; i < 8; i++) {
		first_seen |= (uint64_t) buf[PROFILE_OFF_FIRST_SEEN + i] << (8 * i);
	}
	out->first_seen = (int64_t) first_seen;
	out->ua_len = ua_len;
	if (ua_len > 0) {
		memcpy(out->ua, buf + TSR_PROFILE_FIXED_LEN, ua_len);
	}
	out->ua[ua_len] = '\0';
	return TSR_OK;
}

/* True when 'a' and 'b' agree on the address per 'mode' (see tsr_profile_matches). */
static bool profile_ip_matches(tsr_profile_ip_mode mode, const tsr_profile *a, const tsr_profile *b)
{
	size_t n;

	if (mode == TSR_PROFILE_IP_OFF) {
		return true;
	}
	if (a->ip_family == 0 || a->ip_family != b->ip_family) {
		return false;
	}
	if (mode == TSR_PROFILE_IP_SUBNET) {
		n = a->ip_family == 4 ? 3 : 8; /* /24 and /64 */
	} else {
		n = a->ip_family == 4 ? 4 : 16;
	}
	return memcmp(a->ip, b->ip, n) == 0;
}

/* True when 'cur' matches 'known' under 'pol' (see profile.h). */
bool tsr_profile_matches(const tsr_profile_policy *pol, const tsr_profile *known,
                         const tsr_profile *cur)
{
	bool ua_ok = true;

	if (pol == NULL || known == NULL || cur == NULL) {
		return false;
	}
	if (pol->ua != TSR_PROFILE_UA_OFF) {
		ua_ok = CRYPTO_memcmp(known->ua_hash, cur->ua_hash, TSR_PROFILE_HASH_LEN) == 0;
	}
	return ua_ok && profile_ip_matches(pol->ip, known, cur);
}

/* Finds 'cur' among 'rec's profiles (see profile.h). */
int tsr_profile_check(const tsr_profile_policy *pol, const tsr_record *rec, const tsr_profile *cur,
                      tsr_profile_verdict *verdict, size_t *index)
{
	tsr_profile known;

	if (pol == NULL || rec == NULL || cur == NULL || verdict == NULL) {
		return TSR_EINVAL;
	}
	if (index != NULL) {
		*index = 0;
	}
	if (rec->n_profiles == 0) {
		*verdict = TSR_PROFILE_FIRST;
		return TSR_OK;
	}
	for (size_t i = rec->n_profiles; i-- > 0;) {
		if (tsr_profile_decode(rec->profiles[i].data, rec->profiles[i].len, &known) == TSR_OK &&
		    tsr_profile_matches(pol, &known, cur)) {
			*verdict = TSR_PROFILE_KNOWN;
			if (index != NULL) {
				*index = i;
			}
			return TSR_OK;
		}
	}
	*verdict = TSR_PROFILE_CHANGED;
	return TSR_OK;
}

/*
 * Removes entry 'i' of 'rec' (freeing it) and appends 'entry' (taking
 * ownership), without changing the count. 'rec' has at least one entry.
 */
static void profile_rotate(tsr_record *rec, size_t i, tsr_bytes entry)
{
	tsr_bytes_free(&rec->profiles[i]);
	memmove(&rec->profiles[i], &rec->profiles[i + 1],
	        (rec->n_profiles - i - 1) * sizeof(rec->profiles[0]));
	rec->profiles[rec->n_profiles - 1] = entry;
}

/* Marks known entry 'index' as just used by 'cur' (see profile.h). */
int tsr_profile_use(tsr_record *rec, size_t index, const tsr_profile *cur, bool *changed)
{
	uint8_t buf[TSR_PROFILE_MAX_LEN];
	tsr_bytes entry = {NULL, 0};
	tsr_profile known;
	tsr_profile next;
	size_t len;
	int rc;

	if (changed != NULL) {
		*changed = false;
	}
	if (rec == NULL || cur == NULL || index >= rec->n_profiles) {
		return TSR_EINVAL;
	}
	rc = tsr_profile_decode(rec->profiles[index].data, rec->profiles[index].len, &known);
	if (rc != TSR_OK) {
		return rc;
	}
	next = *cur;
	next.first_seen = known.first_seen;
	rc = tsr_profile_encode(&next, buf, sizeof(buf), &len);
	if (rc != TSR_OK) {
		return rc;
	}
	if (index == rec->n_profiles - 1 && len == rec->profiles[index].len &&
	    memcmp(buf, rec->profiles[index].data, len) == 0) {
		return TSR_OK;
	}
	if (tsr_bytes_set(&entry, buf, len) != TSR_OK) {
		return TSR_ENOMEM;
	}
	profile_rotate(rec, index, entry);
	if (changed != NULL) {
		*changed = true;
	}
	return TSR_OK;
}

/* Appends 'cur' as the most recent profile, keeping at most 'max' (see profile.h). */
int tsr_profile_accept(tsr_record *rec, const tsr_profile *cur, size_t max)
{
	uint8_t buf[TSR_PROFILE_MAX_LEN];
	tsr_bytes entry = {NULL, 0};
	size_t len;
	int rc;

	if (rec == NULL || cur == NULL) {
		return TSR_EINVAL;
	}
	if (max == 0) {
		max = TSR_PROFILE_DEFAULT_MAX;
	}
	if (max > TSR_RECORD_MAX_PROFILES) {
		max = TSR_RECORD_MAX_PROFILES;
	}
	rc = tsr_profile_encode(cur, buf, sizeof(buf), &len);
	if (rc != TSR_OK) {
		return rc;
	}
	if (rec->n_profiles < max) {
		return tsr_record_add_profile(rec, buf, len);
	}
	if (tsr_bytes_set(&entry, buf, len) != TSR_OK) {
		return TSR_ENOMEM;
	}
	/* Full: drop the oldest until one slot is left for the new entry, then rotate it in. */
	while (rec->n_profiles > max) {
		tsr_bytes_free(&rec->profiles[0]);
		memmove(&rec->profiles[0], &rec->profiles[1],
		        (rec->n_profiles - 1) * sizeof(rec->profiles[0]));
		rec->n_profiles--;
	}
	profile_rotate(rec, 0, entry);
	return TSR_OK;
}

/* Decodes the most recent profile of 'rec' (see profile.h). */
int tsr_profile_last(const tsr_record *rec, tsr_profile *out)
{
	if (rec == NULL || out == NULL) {
		return TSR_EINVAL;
	}
	if (rec->n_profiles == 0) {
		memset(out, 0, sizeof(*out));
		return TSR_ENOTFOUND;
	}
	return tsr_profile_decode(rec->profiles[rec->n_profiles - 1].data,
	                          rec->profiles[rec->n_profiles - 1].len, out);
}

/* Writes the text form of 'p's address, "" when unknown (see profile.h). */
int tsr_profile_ip_text(const tsr_profile *p, char *out, size_t out_size)
{
	if (p == NULL || out == NULL || out_size < TSR_PROFILE_IP_TEXT_SIZE) {
		return TSR_EINVAL;
	}
	out[0] = '\0';
	if (p->ip_family == 0) {
		return TSR_OK;
	}
	if (inet_ntop(p->ip_family == 4 ? AF_INET : AF_INET6, p->ip, out, (socklen_t) out_size) ==
	    NULL) {
		out[0] = '\0';
		return TSR_EINVAL;
	}
	return TSR_OK;
}

/* Parses "strict" / "off" (see profile.h). */
int tsr_profile_ua_parse(const char *text, tsr_profile_ua_mode *out)
{
	if (text == NULL || out == NULL) {
		return TSR_EINVAL;
	}
	if (strcmp(text, "strict") == 0) {
		*out = TSR_PROFILE_UA_STRICT;
	} else if (strcmp(text, "off") == 0) {
		*out = TSR_PROFILE_UA_OFF;
	} else {
		return TSR_EINVAL;
	}
	return TSR_OK;
}

/* Parses "off" / "subnet" / "strict" (see profile.h). */
int tsr_profile_ip_parse(const char *text, tsr_profile_ip_mode *out)
{
	if (text == NULL || out == NULL) {
		return TSR_EINVAL;
	}
	if (strcmp(text, "off") == 0) {
		*out = TSR_PROFILE_IP_OFF;
	} else if (strcmp(text, "subnet") == 0) {
		*out = TSR_PROFILE_IP_SUBNET;
	} else if (strcmp(text, "strict") == 0) {
		*out = TSR_PROFILE_IP_STRICT;
	} else {
		return TSR_EINVAL;
	}
	return TSR_OK;
}

/* Returns the spelling of a UA mode (see profile.h). */
const char *tsr_profile_ua_name(tsr_profile_ua_mode m)
{
	switch (m) {
	case TSR_PROFILE_UA_STRICT:
		return "strict";
	case TSR_PROFILE_UA_OFF:
		return "off";
	}
	return "?";
}

/* Returns the spelling of an IP mode (see profile.h). */
const char *tsr_profile_ip_name(tsr_profile_ip_mode m)
{
	switch (m) {
	case TSR_PROFILE_IP_OFF:
		return "off";
	case TSR_PROFILE_IP_SUBNET:
		return "subnet";
	case TSR_PROFILE_IP_STRICT:
		return "strict";
	}
	return "?";
}
