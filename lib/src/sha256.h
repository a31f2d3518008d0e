/*
 * Internal: SHA-256 (FIPS 180-4) for the units that hash on every request
 * (storage keys, the User-Agent fingerprint). Not a public header.
 */
#ifndef TESSERA_SRC_SHA256_H
#define TESSERA_SRC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define TSR_SHA256_LEN 32

/*
 * Writes SHA-256 of the 'len' bytes at 'data' (NULL only with 'len' 0)
 * into 'out' (TSR_SHA256_LEN bytes, the caller's). Returns 0, or -1 when
 * OpenSSL failed ('out' then zeroed).
 */
int tsr__sha256(const void *data, size_t len, uint8_t out[TSR_SHA256_LEN]);

#endif
