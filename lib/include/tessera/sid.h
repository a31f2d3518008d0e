/*
 * Session IDs: generation from the OS CSPRNG and strict validation.
 *
 * An ID is a fixed number of characters from the URL-safe base64 alphabet of
 * RFC 4648 section 5 ("A-Z a-z 0-9 - _"), each carrying 6 random bits from
 * getrandom(2). Its length follows from the configured strength in bits:
 * ceil(bits / 6). 192 bits (32 characters) by default; never fewer than 128
 * bits, following OWASP's session management guidance (at least 64 bits of
 * entropy, we require twice that). An ID of the wrong length or with any byte
 * outside the alphabet (NUL, '/', '.', CR, LF included) is rejected before a
 * store sees it.
 */
#ifndef TESSERA_SID_H
#define TESSERA_SID_H

#include <stddef.h>
#include <sys/types.h>
#include "tessera/error.h"

#define TSR_SID_DEFAULT_BITS 192u
#define TSR_SID_MIN_BITS 128u
#define TSR_SID_MAX_BITS 384u
/* Longest ID in characters (at TSR_SID_MAX_BITS), without the NUL. */
#define TSR_SID_MAX_LEN 64u

/*
 * Returns the ID length in characters for 'bits' of strength, or 0 when
 * 'bits' is outside [TSR_SID_MIN_BITS, TSR_SID_MAX_BITS].
 */
size_t tsr_sid_length(unsigned bits);

/*
 * Writes a new random ID of 'bits' strength and a NUL into 'out', which the
 * caller owns and which must hold tsr_sid_length(bits) + 1 bytes
 * ('out_size'). Returns TSR_OK, TSR_EINVAL (bits out of range or 'out' too
 * small) or TSR_ERANDOM (getrandom failed); detail goes to 'e' (may be NULL).
 */
int tsr_sid_generate(unsigned bits, char *out, size_t out_size, tsr_error *e);

/*
 * Checks that the 'len' bytes at 'sid' (not necessarily NUL-terminated) are
 * a well-formed ID of 'bits' strength: exactly tsr_sid_length(bits) bytes,
 * every one from the alphabet. Returns TSR_OK or TSR_EBADID. Reads no byte
 * past 'len'; runs in time that depends only on 'len'.
 */
int tsr_sid_validate(const char *sid, size_t len, unsigned bits);

/*
 * Internal, for fault injection in tests only: the getrandom(2) that
 * tsr_sid_generate calls (getrandom by default). Not for production use.
 */
extern ssize_t (*tsr__sid_getrandom)(void *buf, size_t len, unsigned flags);

#endif
