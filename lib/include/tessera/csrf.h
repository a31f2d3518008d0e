/*
 * CSRF tokens: a per-session secret and masked tokens derived from it.
 *
 * Each session keeps one 256-bit secret (tsr_record.csrf_secret), drawn from
 * getrandom(2) and rotated whenever the session ID is regenerated. A form
 * never carries the secret itself: tsr_csrf_token() draws a fresh random
 * 32-byte mask M for every call and returns
 *
 *     base64url(M || (M XOR secret))       RFC 4648 section 5, no padding
 *
 * (64 bytes, TSR_CSRF_TOKEN_LEN = 86 characters). Because every token is
 * different, a response that reflects the token under compression leaks
 * nothing stable about the secret (the BREACH attack, breachattack.com).
 * tsr_csrf_verify() accepts a token made with any mask of the current
 * secret: it unmasks and compares with CRYPTO_memcmp, so the comparison
 * takes the same time wherever the first difference is.
 *
 * Nothing here touches a store; tessera/session.h has the calls that read
 * and create the secret of an open session.
 */
#ifndef TESSERA_CSRF_H
#define TESSERA_CSRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tessera/error.h"
#include "tessera/record.h"

/* Secret length in bytes (256 bits); equal to the record's csrf_secret length. */
#define TSR_CSRF_SECRET_LEN TSR_RECORD_CSRF_LEN
/* Raw token length in bytes: the mask followed by the masked secret. */
#define TSR_CSRF_RAW_LEN (2u * TSR_CSRF_SECRET_LEN)
/* Token length in characters (base64url of 64 bytes without padding), without the NUL. */
#define TSR_CSRF_TOKEN_LEN 86u

/*
 * Fills 'out' (TSR_CSRF_SECRET_LEN bytes, owned by the caller) with a new
 * secret from getrandom(2). Returns TSR_OK or TSR_ERANDOM (detail in 'e',
 * which may be NULL); on failure 'out' is zeroed.
 */
int tsr_csrf_secret_generate(uint8_t out[TSR_CSRF_SECRET_LEN], tsr_error *e);

/*
 * Writes a new masked token for the 'secret_len' bytes at 'secret' into
 * 'out' (owned by the caller, 'out_size' >= TSR_CSRF_TOKEN_LEN + 1), NUL
 * terminated: exactly TSR_CSRF_TOKEN_LEN characters from "A-Za-z0-9-_".
 * Two calls never return the same token (a fresh mask each time). Returns
 * TSR_OK, TSR_EINVAL ('secret_len' is not TSR_CSRF_SECRET_LEN, NULL
 * pointers, 'out' too small) or TSR_ERANDOM; detail goes to 'e' (may be
 * NULL). The mask is wiped before returning.
 */
int tsr_csrf_token(const uint8_t *secret, size_t secret_len, char *out, size_t out_size,
                   tsr_error *e);

/*
 * True when the 'len' bytes at 'token' (untrusted, not necessarily NUL
 * terminated) are a token made by tsr_csrf_token() for 'secret' with any
 * mask. False for everything else, without reading past 'len': a wrong
 * length (only exactly TSR_CSRF_TOKEN_LEN is looked at, so huge input
 * costs nothing), a byte outside the base64url alphabet, non-zero unused
 * bits in the last character, a token of another secret, an empty or
 * wrong-length secret, NULL pointers. The secret comparison is constant
 * time (CRYPTO_memcmp); the unmasked copy is wiped before returning.
 */
bool tsr_csrf_verify(const uint8_t *secret, size_t secret_len, const char *token, size_t len);

#endif
