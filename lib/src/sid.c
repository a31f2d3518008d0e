/*
 * Session IDs: generation from the kernel CSPRNG and strict validation.
 *
 * Each character of an ID is one symbol of the URL-safe base64 alphabet of
 * RFC 4648 section 5 ("base64url": A-Z a-z 0-9 '-' '_'), so it carries
 * exactly 6 bits. A character is made from one byte of getrandom(2) output
 * masked to its low 6 bits; since 256 is a multiple of 64 every symbol is
 * equally likely (no modulo bias). The ID length for a strength of 'bits' is
 * ceil(bits / 6). The minimum of 128 bits is twice the 64 bits of entropy
 * that the OWASP Session Management Cheat Sheet asks for.
 *
 * Validation checks the length, then every byte against the alphabet
 * without branching on the byte's value and without stopping at the first
 * bad byte, so its running time depends on the length only and does not
 * tell an attacker where a guessed ID went wrong.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "tessera/sid.h"

static const char tsr_sid_alphabet[64] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "abcdefghijklmnopqrstuvwxyz"
                                         "0123456789-_";

/* The random source; tests replace it to inject failures and short reads. */
ssize_t (*tsr__sid_getrandom)(void *buf, size_t len, unsigned flags) = getrandom;

/*
 * Returns the number of characters of an ID of 'bits' strength
 * (ceil(bits / 6)), or 0 when 'bits' is outside
 * [TSR_SID_MIN_BITS, TSR_SID_MAX_BITS].
 */
size_t tsr_sid_length(unsigned bits)
{
	if (bits < TSR_SID_MIN_BITS || bits > TSR_SID_MAX_BITS) {
		return 0;
	}
	return ((size_t) bits + 5) / 6;
}

/*
 * Fills 'buf' with 'len' bytes from the random source, retrying on EINTR
 * and continuing after short reads. Returns TSR_OK or TSR_ERANDOM.
 */
static int tsr_sid_fill_random(unsigned char *buf, size_t len, tsr_error *e)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = tsr__sid_getrandom(buf + got, len - got, 0);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return tsr_error_set(e, TSR_ERANDOM, "getrandom failed: %s", strerror(errno));
		}
		if (n == 0 || (size_t) n > len - got) {
			return tsr_error_set(e, TSR_ERANDOM, "getrandom returned %zd bytes of %zu", n,
			                     len - got);
		}
		got += (size_t) n;
	}
	return TSR_OK;
}

/*
 * Writes a new ID of 'bits' strength and a NUL into 'out' ('out_size' bytes,
 * owned by the caller, at least tsr_sid_length(bits) + 1). Returns TSR_OK,
 * TSR_EINVAL (bad 'bits', NULL or short 'out') or TSR_ERANDOM, with detail
 * in 'e' (may be NULL). On failure 'out' holds the empty string when it has
 * room for one byte.
 */
int tsr_sid_generate(unsigned bits, char *out, size_t out_size, tsr_error *e)
{
	unsigned char raw[TSR_SID_MAX_LEN];
	size_t len = tsr_sid_length(bits);
	int rc;

	if (out != NULL && out_size > 0) {
		out[0] = '\0';
	}
	if (len == 0) {
		return tsr_error_set(e, TSR_EINVAL, "session id strength %u bits out of range %u..%u", bits,
		                     TSR_SID_MIN_BITS, TSR_SID_MAX_BITS);
	}
	if (out == NULL || out_size < len + 1) {
		return tsr_error_set(e, TSR_EINVAL, "session id buffer of %zu bytes, %zu needed",
		                     out == NULL ? (size_t) 0 : out_size, len + 1);
	}

	rc = tsr_sid_fill_random(raw, len, e);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	for (size_t i = 0; i < len; i++) {
		out[i] = tsr_sid_alphabet[raw[i] & 0x3f];
	}
	out[len] = '\0';

cleanup:
	explicit_bzero(raw, sizeof(raw));
	return rc;
}

/*
 * Returns 1 when 'c' is in [lo, hi], else 0, without a branch: for c, lo, hi
 * in 0..255 the differences below are negative exactly when the bound is
 * violated, and the sign lands in bit 31 of the unsigned value.
 */
static unsigned tsr_sid_in_range(unsigned c, unsigned lo, unsigned hi)
{
	unsigned below = (c - lo) >> 31; /* 1 when c < lo */
	unsigned above = (hi - c) >> 31; /* 1 when c > hi */
	return 1u ^ (below | above);
}

/*
 * Checks that the 'len' bytes at 'sid' form an ID of 'bits' strength:
 * exactly tsr_sid_length(bits) characters, all from the RFC 4648 section 5
 * alphabet. Returns TSR_OK or TSR_EBADID (also for 'bits' out of range or a
 * NULL 'sid'). Reads only the 'len' bytes; every byte is examined whatever
 * the earlier ones were, so the time taken depends only on 'len'.
 */
int tsr_sid_validate(const char *sid, size_t len, unsigned bits)
{
	size_t want = tsr_sid_length(bits);
	unsigned bad = 0;

	if (sid == NULL || want == 0 || len != want) {
		return TSR_EBADID;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char) sid[i];
		unsigned ok = tsr_sid_in_range(c, 'A', 'Z') | tsr_sid_in_range(c, 'a', 'z') |
		              tsr_sid_in_range(c, '0', '9') | tsr_sid_in_range(c, '-', '-') |
		              tsr_sid_in_range(c, '_', '_');
		bad |= ok ^ 1u;
	}
	return bad ? TSR_EBADID : TSR_OK;
}
