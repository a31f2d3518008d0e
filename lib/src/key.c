/*
 * Storage keys: SHA-256 (FIPS 180-4) of a session ID, through OpenSSL's EVP
 * digest interface, kept in binary and lower-case hex form. Stores only ever
 * see this key, never the ID a client presents.
 */
#include <string.h>

#include "sha256.h"
#include "tessera/key.h"

static const char tsr_key_hexdigits[16] = "0123456789abcdef";

/* Writes the lower-case hex form of 'k->bytes' and a NUL into 'k->hex'. */
static void tsr_key_fill_hex(tsr_key *k)
{
	for (size_t i = 0; i < TSR_KEY_LEN; i++) {
		k->hex[2 * i] = tsr_key_hexdigits[k->bytes[i] >> 4];
		k->hex[2 * i + 1] = tsr_key_hexdigits[k->bytes[i] & 0x0f];
	}
	k->hex[TSR_KEY_HEX_LEN] = '\0';
}

/*
 * Fills 'out' (caller-owned) with SHA-256 of the 'len' bytes at 'sid' and
 * its hex form. 'sid' may be NULL only when 'len' is 0. The ID is not
 * validated here. Returns TSR_OK, TSR_EINVAL (NULL 'out', or NULL 'sid' with
 * a length) or TSR_ECRYPTO (the digest failed), with detail in 'e' (may be
 * NULL). On failure 'out' is zeroed.
 */
int tsr_key_from_sid(const char *sid, size_t len, tsr_key *out, tsr_error *e)
{
	_Static_assert(TSR_KEY_LEN == TSR_SHA256_LEN, "a storage key is a SHA-256");

	if (out == NULL || (sid == NULL && len > 0)) {
		return tsr_error_set(e, TSR_EINVAL, "storage key: NULL argument");
	}
	memset(out, 0, sizeof(*out));
	if (sid == NULL) {
		sid = "";
	}
	if (tsr__sha256(sid, len, out->bytes) != 0) {
		memset(out, 0, sizeof(*out));
		return tsr_error_set(e, TSR_ECRYPTO, "SHA-256 of the session id failed");
	}
	tsr_key_fill_hex(out);
	return TSR_OK;
}

/* Returns the value 0..15 of hex digit 'c', or -1 when it is not one. */
static int tsr_key_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/*
 * Parses exactly TSR_KEY_HEX_LEN hex digits (either case) at 'hex' ('len'
 * bytes, not necessarily NUL-terminated) into 'out' (caller-owned), whose
 * 'hex' member gets the lower-case form. Returns TSR_OK or TSR_EINVAL (wrong
 * length, a non-hex byte or a NULL argument); 'out' is unchanged on failure.
 */
int tsr_key_from_hex(const char *hex, size_t len, tsr_key *out)
{
	tsr_key k;

	if (hex == NULL || out == NULL || len != TSR_KEY_HEX_LEN) {
		return TSR_EINVAL;
	}
	for (size_t i = 0; i < TSR_KEY_LEN; i++) {
		int hi = tsr_key_hexval((unsigned char) hex[2 * i]);
		int lo = tsr_key_hexval((unsigned char) hex[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			return TSR_EINVAL;
		}
		k.bytes[i] = (uint8_t) ((hi << 4) | lo);
	}
	tsr_key_fill_hex(&k);
	*out = k;
	return TSR_OK;
}
