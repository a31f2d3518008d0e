/*
 * Retired session IDs: the forward an old ID leaves behind after a
 * regeneration, and the tombstone a revoked session leaves behind.
 *
 * Both live in the record's forward field (opaque to the record codec);
 * its first byte says which:
 *
 *   kind 1, FORWARD (written by tsr_session_regenerate):
 *     offset size  field
 *     0      1     kind, 1
 *     1      12    nonce, random per seal (NIST SP 800-38D, 96-bit IV)
 *     13     n     AES-256-GCM ciphertext of the new session ID (n = its
 *                  length, 16..TSR_SID_MAX_LEN)
 *     13+n   16    GCM tag
 *   The key is HKDF-SHA256 (RFC 5869) with the OLD raw session ID as input
 *   keying material, no salt, and info TSR_FORWARD_INFO; the associated
 *   data is the kind byte followed by the old storage key. The store only
 *   ever sees the storage key (a SHA-256 of the ID), from which the HKDF
 *   key cannot be derived: only a client holding the old ID (its cookie)
 *   learns the new ID, a leaked store does not, and a forward cannot be
 *   moved to another record.
 *
 *   kind 2, REVOKED (written by tsr_session_revoke): exactly one byte. The
 *   record keeps its key and lifetime fields only (no user, profile,
 *   secret, flash or payload); forward_until holds the revocation time.
 *
 * A record with an empty forward field is a live session.
 */
#ifndef TESSERA_FORWARD_H
#define TESSERA_FORWARD_H

#include <stddef.h>
#include <stdint.h>
#include "tessera/error.h"
#include "tessera/key.h"
#include "tessera/record.h"

#define TSR_FORWARD_KIND_FORWARD 1u
#define TSR_FORWARD_KIND_REVOKED 2u
#define TSR_FORWARD_NONCE_LEN 12u
#define TSR_FORWARD_TAG_LEN 16u
/* HKDF info string binding the derived key to this use and format version. */
#define TSR_FORWARD_INFO "tessera forward v1"
/* Largest grace a regeneration accepts, in seconds (one day). */
#define TSR_FORWARD_MAX_GRACE_S 86400u
/* How many forwards tsr_session_open follows in a row before giving up. */
#define TSR_FORWARD_MAX_HOPS 4u

/* What a record's forward field says about its ID. */
typedef enum tsr_forward_state {
	TSR_FORWARD_NONE = 0, /* a live session (forward field empty) */
	TSR_FORWARD_FORWARD,  /* regenerated: a sealed new ID */
	TSR_FORWARD_REVOKED,  /* revoked: a tombstone */
	TSR_FORWARD_BAD,      /* a forward field this version does not understand */
} tsr_forward_state;

/*
 * Seals the new ID 'new_sid' ('new_len' bytes, 1..TSR_SID_MAX_LEN) so that
 * only a holder of the old ID 'old_sid' ('old_len' bytes, 1..
 * TSR_SID_MAX_LEN), whose storage key is 'old_key', can read it (format
 * above). The result goes to 'out' (owned by the caller, freed with
 * tsr_bytes_free; anything it held before is not freed). Returns TSR_OK,
 * TSR_EINVAL (lengths, NULL pointers), TSR_ERANDOM, TSR_ECRYPTO or
 * TSR_ENOMEM, with detail in 'e' (may be NULL). Derived key material is
 * wiped before returning.
 */
int tsr_forward_seal(const char *old_sid, size_t old_len, const tsr_key *old_key,
                     const char *new_sid, size_t new_len, tsr_bytes *out, tsr_error *e);

/*
 * Opens the 'len' untrusted bytes at 'sealed' (a kind-1 forward) with the
 * old ID 'old_sid' ('old_len' bytes) and its storage key 'old_key', writing
 * the new ID and a NUL into 'new_sid' ('new_size' >= TSR_SID_MAX_LEN + 1
 * suffices) and its length into '*new_len'. Returns TSR_OK,
 * TSR_EBADRECORD (not a kind-1 forward, or a length out of range),
 * TSR_ECRYPTO (authentication failed: another ID, another record, or
 * tampered bytes), TSR_EINVAL (NULL pointers, 'new_sid' too small); on
 * failure 'new_sid' holds "" and nothing of the plaintext survives.
 */
int tsr_forward_open(const char *old_sid, size_t old_len, const tsr_key *old_key,
                     const uint8_t *sealed, size_t len, char *new_sid, size_t new_size,
                     size_t *new_len, tsr_error *e);

/* Classifies 'rec's forward field (see tsr_forward_state). 'rec' must not be NULL. */
tsr_forward_state tsr_forward_state_of(const tsr_record *rec);

/*
 * Turns 'rec' into a retired record in place: clears the user id,
 * profiles, CSRF secret (wiped), flash and payload, keeps the key and the
 * lifetime fields, sets forward to 'marker' (copied; 'marker_len' bytes,
 * <= TSR_RECORD_MAX_FORWARD, at least 1) and forward_until to 'until' (ms).
 * Returns TSR_OK, TSR_EINVAL or TSR_ENOMEM (then 'rec' is partly cleared
 * but still a valid record the caller must not store).
 */
int tsr_forward_retire(tsr_record *rec, const uint8_t *marker, size_t marker_len, int64_t until);

#endif
