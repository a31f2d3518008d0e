/*
 * Storage keys: what a store sees instead of a session ID.
 *
 * The key is SHA-256 (FIPS 180-4) of the ID's bytes, computed with OpenSSL's
 * EVP interface. No store ever receives or keeps a raw ID, so a leaked
 * session directory, table or key listing yields nothing a client could
 * present as a cookie.
 */
#ifndef TESSERA_KEY_H
#define TESSERA_KEY_H

#include <stddef.h>
#include <stdint.h>
#include "tessera/error.h"

#define TSR_KEY_LEN 32u
#define TSR_KEY_HEX_LEN 64u

/* A storage key in both binary and lower-case hex form ('hex' is NUL-terminated). */
typedef struct tsr_key {
	uint8_t bytes[TSR_KEY_LEN];
	char hex[TSR_KEY_HEX_LEN + 1];
} tsr_key;

/*
 * Fills 'out' with the storage key of the 'len' bytes at 'sid'. The caller
 * validates the ID first (tsr_sid_validate); this function hashes whatever
 * it is given. Returns TSR_OK or TSR_ECRYPTO (detail in 'e', may be NULL).
 */
int tsr_key_from_sid(const char *sid, size_t len, tsr_key *out, tsr_error *e);

/*
 * Parses 64 lower- or upper-case hex characters at 'hex' ('len' bytes) into
 * 'out'. Returns TSR_OK or TSR_EINVAL. Used by tools that address a session
 * by its key (the CLI), never by the request path.
 */
int tsr_key_from_hex(const char *hex, size_t len, tsr_key *out);

#endif
