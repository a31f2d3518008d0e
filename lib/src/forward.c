/*
 * Retired session IDs: sealing a regenerated session's new ID under its old
 * ID, and the markers a retired record carries. See tessera/forward.h for
 * the byte layout and the reasoning.
 *
 * Crypto: the 32-byte AES key is HKDF-SHA256 (RFC 5869; OpenSSL's
 * EVP_PKEY_HKDF) of the old raw ID with no salt and info TSR_FORWARD_INFO.
 * Sealing uses AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce;
 * a given key seals at most once in practice (one regeneration per ID), so
 * nonce reuse is not a concern. The associated data (kind byte + old
 * storage key) ties the forward to its record.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "tessera/forward.h"
#include "tessera/sid.h"
#include "random.h"

#define FORWARD_AES_KEY_LEN 32u
#define FORWARD_HEADER_LEN (1u + TSR_FORWARD_NONCE_LEN)
#define FORWARD_AAD_LEN (1u + TSR_KEY_LEN)

/* Derives the AES key for 'sid' ('len' bytes) into 'out'. Returns TSR_OK or TSR_ECRYPTO. */
static int forward_derive(const char *sid, size_t len, uint8_t out[FORWARD_AES_KEY_LEN],
                          tsr_error *e)
{
	static const char info[] = TSR_FORWARD_INFO;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
	size_t out_len = FORWARD_AES_KEY_LEN;
	int rc = TSR_OK;

	if (ctx == NULL || EVP_PKEY_derive_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) <= 0 ||
	    EVP_PKEY_CTX_set1_hkdf_key(ctx, (const unsigned char *) sid, (int) len) <= 0 ||
	    EVP_PKEY_CTX_add1_hkdf_info(ctx, (const unsigned char *) info, (int) (sizeof(info) - 1)) <=
	        0 ||
	    EVP_PKEY_derive(ctx, out, &out_len) <= 0 || out_len != FORWARD_AES_KEY_LEN) {
		OPENSSL_cleanse(out, FORWARD_AES_KEY_LEN);
		rc = tsr_error_set(e, TSR_ECRYPTO, "forward: HKDF-SHA256 failed");
	}
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

/* Fills 'aad' with the associated data of a kind-1 forward for 'key'. */
static void forward_aad(const tsr_key *key, uint8_t aad[FORWARD_AAD_LEN])
{
	aad[0] = TSR_FORWARD_KIND_FORWARD;
	memcpy(aad + 1, key->bytes, TSR_KEY_LEN);
}

/*
 * Runs AES-256-GCM over 'in_len' bytes ('encrypt' or decrypt) with 'aes',
 * 'nonce' and 'aad', writing 'out' and (encrypting) the tag into 'tag' or
 * (decrypting) checking it. Returns TSR_OK or TSR_ECRYPTO.
 */
static int forward_gcm(bool encrypt, const uint8_t *aes, const uint8_t *nonce, const uint8_t *aad,
                       const uint8_t *in, size_t in_len, uint8_t *out, uint8_t *tag, tsr_error *e)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;
	int fin = 0;
	int ok;

	ok = ctx != NULL &&
	     EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL, encrypt ? 1 : 0) == 1 &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, TSR_FORWARD_NONCE_LEN, NULL) == 1 &&
	     EVP_CipherInit_ex(ctx, NULL, NULL, aes, nonce, -1) == 1 &&
	     EVP_CipherUpdate(ctx, NULL, &n, aad, FORWARD_AAD_LEN) == 1 &&
	     EVP_CipherUpdate(ctx, out, &n, in, (int) in_len) == 1 && (size_t) n == in_len;
	if (ok && !encrypt) {
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TSR_FORWARD_TAG_LEN, tag) == 1;
	}
	ok = ok && EVP_CipherFinal_ex(ctx, out + n, &fin) == 1 && fin == 0;
	if (ok && encrypt) {
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TSR_FORWARD_TAG_LEN, tag) == 1;
	}
	EVP_CIPHER_CTX_free(ctx);
	if (!ok) {
		OPENSSL_cleanse(out, in_len);
		return tsr_error_set(e, TSR_ECRYPTO,
		                     encrypt ? "forward: AES-256-GCM sealing failed"
		                             : "forward: does not open with this id (wrong id or altered)");
	}
	return TSR_OK;
}

/* Seals 'new_sid' under 'old_sid' into 'out' (see forward.h). */
int tsr_forward_seal(const char *old_sid, size_t old_len, const tsr_key *old_key,
                     const char *new_sid, size_t new_len, tsr_bytes *out, tsr_error *e)
{
	uint8_t buf[FORWARD_HEADER_LEN + TSR_SID_MAX_LEN + TSR_FORWARD_TAG_LEN];
	uint8_t aes[FORWARD_AES_KEY_LEN];
	uint8_t aad[FORWARD_AAD_LEN];
	size_t total = FORWARD_HEADER_LEN + new_len + TSR_FORWARD_TAG_LEN;
	int rc;

	if (old_sid == NULL || old_key == NULL || new_sid == NULL || out == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "forward: NULL argument");
	}
	if (old_len == 0 || old_len > TSR_SID_MAX_LEN || new_len == 0 || new_len > TSR_SID_MAX_LEN) {
		return tsr_error_set(e, TSR_EINVAL, "forward: id length out of range 1..%u",
		                     TSR_SID_MAX_LEN);
	}
	buf[0] = TSR_FORWARD_KIND_FORWARD;
	rc = tsr__random_fill(buf + 1, TSR_FORWARD_NONCE_LEN, e);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	rc = forward_derive(old_sid, old_len, aes, e);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	forward_aad(old_key, aad);
	rc = forward_gcm(true, aes, buf + 1, aad, (const uint8_t *) new_sid, new_len,
	                 buf + FORWARD_HEADER_LEN, buf + FORWARD_HEADER_LEN + new_len, e);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	out->data = NULL;
	out->len = 0;
	rc = tsr_bytes_set(out, buf, total);
	if (rc != TSR_OK) {
		tsr_error_set(e, rc, "forward: out of memory");
	}

cleanup:
	OPENSSL_cleanse(aes, sizeof(aes));
	OPENSSL_cleanse(buf, sizeof(buf));
	return rc;
}

/* Opens a kind-1 forward with the old ID (see forward.h). */
int tsr_forward_open(const char *old_sid, size_t old_len, const tsr_key *old_key,
                     const uint8_t *sealed, size_t len, char *new_sid, size_t new_size,
                     size_t *new_len, tsr_error *e)
{
	uint8_t plain[TSR_SID_MAX_LEN];
	uint8_t tag[TSR_FORWARD_TAG_LEN];
	uint8_t aes[FORWARD_AES_KEY_LEN];
	uint8_t aad[FORWARD_AAD_LEN];
	size_t n;
	int rc;

	if (new_sid != NULL && new_size > 0) {
		new_sid[0] = '\0';
	}
	if (new_len != NULL) {
		*new_len = 0;
	}
	if (old_sid == NULL || old_key == NULL || (sealed == NULL && len > 0) || new_sid == NULL ||
	    new_len == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "forward: NULL argument");
	}
	if (old_len == 0 || old_len > TSR_SID_MAX_LEN) {
		return tsr_error_set(e, TSR_EINVAL, "forward: old id length %zu out of range", old_len);
	}
	if (len < FORWARD_HEADER_LEN + 1 + TSR_FORWARD_TAG_LEN ||
	    len > FORWARD_HEADER_LEN + TSR_SID_MAX_LEN + TSR_FORWARD_TAG_LEN ||
	    sealed[0] != TSR_FORWARD_KIND_FORWARD) {
		return tsr_error_set(e, TSR_EBADRECORD, "forward: not a sealed forward (%zu bytes)", len);
	}
	n = len - FORWARD_HEADER_LEN - TSR_FORWARD_TAG_LEN;
	if (new_size < n + 1) {
		return tsr_error_set(e, TSR_EINVAL, "forward: id buffer of %zu bytes, %zu needed", new_size,
		                     n + 1);
	}
	rc = forward_derive(old_sid, old_len, aes, e);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	forward_aad(old_key, aad);
	memcpy(tag, sealed + FORWARD_HEADER_LEN + n, TSR_FORWARD_TAG_LEN);
	rc = forward_gcm(false, aes, sealed + 1, aad, sealed + FORWARD_HEADER_LEN, n, plain, tag, e);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	memcpy(new_sid, plain, n);
	new_sid[n] = '\0';
	*new_len = n;

cleanup:
	OPENSSL_cleanse(aes, sizeof(aes));
	OPENSSL_cleanse(plain, sizeof(plain));
	return rc;
}

/* Classifies 'rec's forward field (see forward.h). */
tsr_forward_state tsr_forward_state_of(const tsr_record *rec)
{
	if (rec->forward.len == 0) {
		return TSR_FORWARD_NONE;
	}
	if (rec->forward.data[0] == TSR_FORWARD_KIND_FORWARD &&
	    rec->forward.len >= FORWARD_HEADER_LEN + 1 + TSR_FORWARD_TAG_LEN &&
	    rec->forward.len <= FORWARD_HEADER_LEN + TSR_SID_MAX_LEN + TSR_FORWARD_TAG_LEN) {
		return TSR_FORWARD_FORWARD;
	}
	if (rec->forward.data[0] == TSR_FORWARD_KIND_REVOKED && rec->forward.len == 1) {
		return TSR_FORWARD_REVOKED;
	}
	return TSR_FORWARD_BAD;
}

/* Empties 'rec' down to a retired record carrying 'marker' (see forward.h). */
int tsr_forward_retire(tsr_record *rec, const uint8_t *marker, size_t marker_len, int64_t until)
{
	if (rec == NULL || marker == NULL || marker_len == 0 || marker_len > TSR_RECORD_MAX_FORWARD) {
		return TSR_EINVAL;
	}
	if (tsr_bytes_set(&rec->forward, marker, marker_len) != TSR_OK) {
		return TSR_ENOMEM;
	}
	rec->forward_until = until;
	tsr_bytes_free(&rec->user_id);
	for (size_t i = 0; i < rec->n_profiles; i++) {
		tsr_bytes_free(&rec->profiles[i]);
	}
	free(rec->profiles);
	rec->profiles = NULL;
	rec->n_profiles = 0;
	if (rec->csrf_secret.data != NULL) {
		OPENSSL_cleanse(rec->csrf_secret.data, rec->csrf_secret.len);
	}
	tsr_bytes_free(&rec->csrf_secret);
	tsr_bytes_free(&rec->flash);
	tsr_bytes_free(&rec->payload);
	return TSR_OK;
}
