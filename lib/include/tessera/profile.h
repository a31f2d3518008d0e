/*
 * Client profiles (fingerprints): which devices a session has been used
 * from, and whether the current request comes from one of them.
 *
 * A profile is what a request says about its client: the User-Agent header
 * and the peer IP address. The policy decides which parts must match a
 * known profile of the session:
 *
 *   user agent   TSR_PROFILE_UA_STRICT (default): the same User-Agent bytes
 *                TSR_PROFILE_UA_OFF: ignored
 *   IP address   TSR_PROFILE_IP_OFF (default): ignored
 *                TSR_PROFILE_IP_SUBNET: same /24 (IPv4) or /64 (IPv6)
 *                TSR_PROFILE_IP_STRICT: the same address
 *
 * The session record keeps a list of known profiles (tsr_record.profiles,
 * opaque to the record codec), oldest first, most recently used last, at
 * most 'max' entries (the oldest is dropped when a new one is accepted).
 * Every entry keeps the full facts and the policy is applied when
 * comparing, so changing the policy never invalidates stored entries: a
 * looser policy just compares less.
 *
 * ENTRY LAYOUT v1 (one tsr_record.profiles element; integers little-endian):
 *
 *   offset size  field
 *   0      1     layout version, 1
 *   1      1     IP family: 0 = unknown, 4 = IPv4, 6 = IPv6
 *   2      16    IP address in network order (IPv4 in bytes 0..3, rest 0;
 *                all 0 when unknown). An IPv4-mapped IPv6 address
 *                (::ffff:a.b.c.d) is stored as IPv4.
 *   18     32    SHA-256 (FIPS 180-4) of the full User-Agent bytes: what
 *                the UA policy compares
 *   50     8     first_seen (i64, ms): when this profile was accepted
 *   58     2     u16 n: length of the clipped User-Agent, <= 256
 *   60     n     the User-Agent's first n bytes, for display only ("your
 *                devices"); never compared
 *   The entry ends exactly after the clipped User-Agent.
 *
 * The raw User-Agent is compared only through its hash, so an entry has a
 * fixed-size comparison part whatever the header's length. The last entry
 * is the profile of the most recent request: tsr_profile_last() gives the
 * IP and User-Agent to show for a session.
 */
#ifndef TESSERA_PROFILE_H
#define TESSERA_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tessera/error.h"
#include "tessera/record.h"

#define TSR_PROFILE_VERSION 1u
#define TSR_PROFILE_HASH_LEN 32u
/* Longest User-Agent prefix kept for display, in bytes. */
#define TSR_PROFILE_MAX_UA 256u
/* Size of the fixed part of an entry (before the clipped User-Agent). */
#define TSR_PROFILE_FIXED_LEN 60u
/* Largest encoded entry. */
#define TSR_PROFILE_MAX_LEN (TSR_PROFILE_FIXED_LEN + TSR_PROFILE_MAX_UA)
/* Longest text form of an IP address (INET6_ADDRSTRLEN), with the NUL. */
#define TSR_PROFILE_IP_TEXT_SIZE 46u
/* How many profiles a session keeps unless told otherwise. */
#define TSR_PROFILE_DEFAULT_MAX 8u

typedef enum tsr_profile_ua_mode {
	TSR_PROFILE_UA_STRICT = 0,
	TSR_PROFILE_UA_OFF,
} tsr_profile_ua_mode;

typedef enum tsr_profile_ip_mode {
	TSR_PROFILE_IP_OFF = 0,
	TSR_PROFILE_IP_SUBNET,
	TSR_PROFILE_IP_STRICT,
} tsr_profile_ip_mode;

/* The fingerprint policy. All zero = the defaults (UA strict, IP off). */
typedef struct tsr_profile_policy {
	tsr_profile_ua_mode ua;
	tsr_profile_ip_mode ip;
} tsr_profile_policy;

/* One profile, decoded. Plain data: nothing is owned, copy freely. */
typedef struct tsr_profile {
	uint8_t ip_family; /* 0 (unknown), 4 or 6 */
	uint8_t ip[16];    /* network order; IPv4 in ip[0..3] */
	uint8_t ua_hash[TSR_PROFILE_HASH_LEN];
	int64_t first_seen;              /* ms */
	size_t ua_len;                   /* bytes in 'ua', <= TSR_PROFILE_MAX_UA */
	char ua[TSR_PROFILE_MAX_UA + 1]; /* clipped User-Agent, NUL-terminated (may hold NULs) */
} tsr_profile;

/* What tsr_profile_check found out about the current request. */
typedef enum tsr_profile_verdict {
	TSR_PROFILE_KNOWN = 0, /* matches a known profile under the policy */
	TSR_PROFILE_FIRST,     /* the session has no profile yet: adopt this one */
	TSR_PROFILE_CHANGED,   /* matches none: ask onProfileChange, or the policy refuses */
} tsr_profile_verdict;

/*
 * Builds the profile of a request into 'out': hashes the 'ua_len' bytes at
 * 'ua' (NULL with 0 = no User-Agent; hashed as empty), keeps their first
 * TSR_PROFILE_MAX_UA bytes for display, parses 'ip' (NUL-terminated text,
 * IPv4 dotted quad or IPv6, via inet_pton; NULL or "" = unknown; a zone
 * suffix "%eth0" is not accepted) and sets first_seen = 'now' (ms).
 * Returns TSR_OK, TSR_EINVAL (an IP that does not parse, NULL 'out', 'ua'
 * NULL with a length) or TSR_ECRYPTO, with detail in 'e' (may be NULL).
 */
int tsr_profile_from_request(const char *ua, size_t ua_len, const char *ip, int64_t now,
                             tsr_profile *out, tsr_error *e);

/*
 * Encodes 'p' as one entry (layout v1 above) into 'out' ('out_size' >=
 * TSR_PROFILE_MAX_LEN suffices, owned by the caller) and stores its length
 * in '*out_len'. Returns TSR_OK or TSR_EINVAL (NULL pointers, 'out' too
 * small, 'p' inconsistent: unknown family, ua_len too long).
 */
int tsr_profile_encode(const tsr_profile *p, uint8_t *out, size_t out_size, size_t *out_len);

/*
 * Decodes the 'len' untrusted bytes at 'buf' (one entry) into 'out'.
 * Bounds-checked: reads nothing past 'len'. Returns TSR_OK or
 * TSR_EBADRECORD (wrong version, family or length; 'out' zeroed).
 */
int tsr_profile_decode(const uint8_t *buf, size_t len, tsr_profile *out);

/*
 * True when 'cur' matches 'known' under 'pol': the UA hashes are equal
 * (unless UA is off) and the addresses agree as the IP mode asks (subnet:
 * same family and the first 24 / 64 bits; strict: same family and
 * address). Under an IP mode other than off, an unknown address on either
 * side never matches. The hash comparison is constant time.
 */
bool tsr_profile_matches(const tsr_profile_policy *pol, const tsr_profile *known,
                         const tsr_profile *cur);

/*
 * Compares the request's profile 'cur' with the profiles of 'rec' under
 * 'pol' and stores the outcome in '*verdict': TSR_PROFILE_FIRST when the
 * record has none, TSR_PROFILE_KNOWN with the matching entry's position in
 * '*index' (the most recently used match when several do), else
 * TSR_PROFILE_CHANGED. An entry that does not decode never matches. Changes
 * nothing. Returns TSR_OK or TSR_EINVAL (NULL pointers). 'index' may be NULL.
 */
int tsr_profile_check(const tsr_profile_policy *pol, const tsr_record *rec, const tsr_profile *cur,
                      tsr_profile_verdict *verdict, size_t *index);

/*
 * Records that the known entry 'index' of 'rec' was just used by 'cur':
 * the entry moves to the end of the list (most recent) and takes 'cur's
 * address and User-Agent text, keeping its own first_seen. Sets '*changed'
 * (may be NULL) to whether the record's profile list differs afterwards,
 * so an unchanged list costs no write. Returns TSR_OK, TSR_EINVAL ('index'
 * out of range, NULL pointers), TSR_EBADRECORD (entry does not decode) or
 * TSR_ENOMEM.
 */
int tsr_profile_use(tsr_record *rec, size_t index, const tsr_profile *cur, bool *changed);

/*
 * Appends 'cur' to 'rec's profiles as the most recent entry, dropping the
 * oldest entries first so that at most 'max' remain ('max' is clamped to
 * [1, TSR_RECORD_MAX_PROFILES]; 0 means TSR_PROFILE_DEFAULT_MAX). Returns
 * TSR_OK, TSR_EINVAL or TSR_ENOMEM ('rec' unchanged on failure).
 */
int tsr_profile_accept(tsr_record *rec, const tsr_profile *cur, size_t max);

/*
 * Decodes the most recent profile of 'rec' (its last entry) into 'out', for
 * the "your devices" list. Returns TSR_OK, TSR_ENOTFOUND (no profile) or
 * TSR_EBADRECORD.
 */
int tsr_profile_last(const tsr_record *rec, tsr_profile *out);

/*
 * Writes the text form of 'p's address into 'out' ('out_size' >=
 * TSR_PROFILE_IP_TEXT_SIZE), "" when unknown. Returns TSR_OK or TSR_EINVAL.
 */
int tsr_profile_ip_text(const tsr_profile *p, char *out, size_t out_size);

/*
 * Parses the ini/option spellings "strict" and "off" into '*out'.
 * Returns TSR_OK or TSR_EINVAL.
 */
int tsr_profile_ua_parse(const char *text, tsr_profile_ua_mode *out);

/* Parses "off", "subnet" and "strict" into '*out'. Returns TSR_OK or TSR_EINVAL. */
int tsr_profile_ip_parse(const char *text, tsr_profile_ip_mode *out);

/* Returns the spelling of 'm' ("strict", "off"), or "?" for other values. Static storage. */
const char *tsr_profile_ua_name(tsr_profile_ua_mode m);

/* Returns the spelling of 'm' ("off", "subnet", "strict"), or "?". Static storage. */
const char *tsr_profile_ip_name(tsr_profile_ip_mode m);

#endif
