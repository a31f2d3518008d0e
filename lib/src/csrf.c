/*
 * CSRF secrets and BREACH-safe masked tokens: see tessera/csrf.h for the
 * token format and the promises.
 *
 * The base64url coding (RFC 4648 section 5, no padding) is done here for
 * exactly TSR_CSRF_RAW_LEN bytes: 21 full 3-byte groups give 84
 * characters, the 64th byte gives 2 more whose last 4 bits are zero. The
 * decoder is strict: only the 64 alphabet characters, and the unused bits
 * must be zero, so every raw token has exactly one spelling.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "tessera/csrf.h"
#include "random.h"

static const char csrf_alphabet[64] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "abcdefghijklmnopqrstuvwxyz"
                                      "0123456789-_";

/* Writes base64url of the TSR_CSRF_RAW_LEN bytes at 'raw' into 'out' (TSR_CSRF_TOKEN_LEN chars). */
static void csrf_encode(const uint8_t *raw, char *out)
{
	size_t i = 0;
	size_t o = 0;

	for (; i + 3 <= TSR_CSRF_RAW_LEN; i += 3) {
		uint32_t v = ((uint32_t) raw[i] << 16) | ((uint32_t) raw[i + 1] << 8) | raw[i + 2];
		out[o++] = csrf_alphabet[(v >> 18) & 0x3f];
		out[o++] = csrf_alphabet[(v >> 12) & 0x3f];
		out[o++] = csrf_alphabet[(v >> 6) & 0x3f];
		out[o++] = csrf_alphabet[v & 0x3f];
	}
	/* TSR_CSRF_RAW_LEN % 3 == 1: one byte left, two characters. */
	out[o++] = csrf_alphabet[raw[i] >> 2];
	out[o++] = csrf_alphabet[(raw[i] & 0x03) << 4];
}

/* Returns the 6-bit value of base64url character 'c', or -1 when it is not one. */
static int csrf_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') {
		return c - 'A';
	}
	if (c >= 'a' && c <= 'z') {
		return c - 'a' + 26;
	}
	if (c >= '0' && c <= '9') {
		return c - '0' + 52;
	}
	if (c == '-') {
		return 62;
	}
	if (c == '_') {
		return 63;
	}
	return -1;
}

/*
 * Decodes the TSR_CSRF_TOKEN_LEN characters at 'in' into 'raw'
 * (TSR_CSRF_RAW_LEN bytes). Returns false on a character outside the
 * alphabet or non-zero unused bits in the last character.
 */
static bool csrf_decode(const char *in, uint8_t *raw)
{
	int v[TSR_CSRF_TOKEN_LEN];
	size_t i = 0;
	size_t o = 0;

	for (size_t k = 0; k < TSR_CSRF_TOKEN_LEN; k++) {
		v[k] = csrf_value((unsigned char) in[k]);
		if (v[k] < 0) {
			return false;
		}
	}
	for (; o + 3 <= TSR_CSRF_RAW_LEN; o += 3, i += 4) {
		uint32_t w = ((uint32_t) v[i] << 18) | ((uint32_t) v[i + 1] << 12) |
		             ((uint32_t) v[i + 2] << 6) | (uint32_t) v[i + 3];
		raw[o] = (uint8_t) (w >> 16);
		raw[o + 1] = (uint8_t) (w >> 8);
		raw[o + 2] = (uint8_t) w;
	}
	if ((v[i + 1] & 0x0f) != 0) {
		return false;
	}
	raw[o] = (uint8_t) ((v[i] << 2) | (v[i + 1] >> 4));
	return true;
}

/* Fills 'out' with a new 256-bit secret from getrandom(2) (see csrf.h). */
int tsr_csrf_secret_generate(uint8_t out[TSR_CSRF_SECRET_LEN], tsr_error *e)
{
	if (out == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "csrf: NULL secret buffer");
	}
	return tsr__random_fill(out, TSR_CSRF_SECRET_LEN, e);
}

/*
 * Writes base64url(mask || mask XOR secret) with a fresh mask into 'out'
 * (see csrf.h). Returns TSR_OK, TSR_EINVAL or TSR_ERANDOM; on failure
 * 'out' holds "" when it has room for it.
 */
int tsr_csrf_token(const uint8_t *secret, size_t secret_len, char *out, size_t out_size,
                   tsr_error *e)
{
	uint8_t raw[TSR_CSRF_RAW_LEN];
	int rc;

	if (out != NULL && out_size > 0) {
		out[0] = '\0';
	}
	if (secret == NULL || secret_len != TSR_CSRF_SECRET_LEN) {
		return tsr_error_set(e, TSR_EINVAL, "csrf: secret must be %u bytes", TSR_CSRF_SECRET_LEN);
	}
	if (out == NULL || out_size < TSR_CSRF_TOKEN_LEN + 1) {
		return tsr_error_set(e, TSR_EINVAL, "csrf: token buffer of %zu bytes, %u needed",
		                     out == NULL ? (size_t) 0 : out_size, TSR_CSRF_TOKEN_LEN + 1);
	}
	rc = tsr__random_fill(raw, TSR_CSRF_SECRET_LEN, e);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	for (size_t i = 0; i < TSR_CSRF_SECRET_LEN; i++) {
		raw[TSR_CSRF_SECRET_LEN + i] = raw[i] ^ secret[i];
	}
	csrf_encode(raw, out);
	out[TSR_CSRF_TOKEN_LEN] = '\0';

cleanup:
	OPENSSL_cleanse(raw, sizeof(raw));
	return rc;
}

/*
 * Decodes 'token', unmasks it and compares the result with 'secret' in
 * constant time (see csrf.h). Returns true only for a token of 'secret'.
 */
bool tsr_csrf_verify(const uint8_t *secret, size_t secret_len, const char *token, size_t len)
{
	uint8_t raw[TSR_CSRF_RAW_LEN];
	bool ok = false;

	if (secret == NULL || secret_len != TSR_CSRF_SECRET_LEN || token == NULL ||
	    len != TSR_CSRF_TOKEN_LEN) {
		return false;
	}
	if (!csrf_decode(token, raw)) {
		goto cleanup;
	}
	for (size_t i = 0; i < TSR_CSRF_SECRET_LEN; i++) {
		raw[TSR_CSRF_SECRET_LEN + i] ^= raw[i];
	}
	ok = CRYPTO_memcmp(raw + TSR_CSRF_SECRET_LEN, secret, TSR_CSRF_SECRET_LEN) == 0;

cleanup:
	OPENSSL_cleanse(raw, sizeof(raw));
	return ok;
}
