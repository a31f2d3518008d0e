/*
 * The session record: what a store keeps for one live session, and its
 * versioned binary codec.
 *
 * Wire format v1 (all integers little-endian, no padding):
 *
 *   offset size  field
 *   0      4     magic "TSRC"
 *   4      1     format version, 1
 *   5      1     flags: bit 0 = payload encrypted (reserved; v1 writers set 0),
 *                other bits must be 0
 *   6      2     key_id: which key encrypted the payload, so that keys can
 *                rotate (>= 1 when flags bit 0 is set, 0 otherwise)
 *   8      32    storage key the record belongs to (tsr_key.bytes)
 *   40     8     created_at        (i64, ms since the Unix epoch)
 *   48     8     last_active       (i64, ms)
 *   56     4     idle_timeout      (u32, seconds, >= 1)
 *   60     8     absolute_expiry   (i64, ms; 0 = none)
 *   68     8     generation        (u64, +1 on every full write)
 *   76     ...   variable part, in this order:
 *     u16 len, bytes       user id (0..TSR_RECORD_MAX_USER_ID)
 *     u16 count, then count x (u16 len, bytes)   profiles
 *                          (count <= TSR_RECORD_MAX_PROFILES,
 *                           each len <= TSR_RECORD_MAX_PROFILE)
 *     u8 len, bytes        CSRF secret (len is 0 or TSR_RECORD_CSRF_LEN)
 *     u32 len, bytes       flash bookkeeping (opaque to the codec)
 *     u16 len, bytes       forward: sealed new ID after a regeneration
 *                          (opaque, <= TSR_RECORD_MAX_FORWARD)
 *     i64                  forward_until (ms; 0 when len is 0)
 *     u32 len, bytes       payload (opaque: PHP's serialized session data
 *                          or the object API's data; <= TSR_RECORD_MAX_PAYLOAD)
 *   The record ends exactly after the payload: trailing bytes are an error.
 *
 * Decoding is bounds-checked at every step: a truncated, oversized or
 * inconsistent buffer yields TSR_EBADRECORD with a message naming the field,
 * never a read outside the buffer.
 */
#ifndef TESSERA_RECORD_H
#define TESSERA_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tessera/error.h"
#include "tessera/key.h"

#define TSR_RECORD_MAGIC "TSRC"
#define TSR_RECORD_VERSION 1u
#define TSR_RECORD_HEADER_LEN 76u
#define TSR_RECORD_FLAG_ENCRYPTED 0x01u
#define TSR_RECORD_MAX_USER_ID 256u
#define TSR_RECORD_MAX_PROFILES 64u
#define TSR_RECORD_MAX_PROFILE 1024u
#define TSR_RECORD_CSRF_LEN 32u
#define TSR_RECORD_MAX_FLASH (1u << 20)
#define TSR_RECORD_MAX_FORWARD 256u
#define TSR_RECORD_MAX_PAYLOAD (64u << 20)

/* A heap byte string owned by whoever holds the struct; free with tsr_bytes_free(). */
typedef struct tsr_bytes {
	uint8_t *data;
	size_t len;
} tsr_bytes;

/* Frees 'b->data' (NULL is fine) and resets 'b' to empty. 'b' may be NULL. */
void tsr_bytes_free(tsr_bytes *b);

/*
 * Replaces the contents of 'b' with a copy of 'len' bytes at 'data'
 * ('data' may be NULL when 'len' is 0). Returns TSR_OK or TSR_ENOMEM
 * ('b' unchanged on failure).
 */
int tsr_bytes_set(tsr_bytes *b, const void *data, size_t len);

/* One decoded record. Every tsr_bytes member is owned by the record. */
typedef struct tsr_record {
	uint8_t flags;
	uint16_t key_id; /* >= 1 when flags has TSR_RECORD_FLAG_ENCRYPTED, else 0 */
	uint8_t key[TSR_KEY_LEN];
	int64_t created_at;
	int64_t last_active;
	uint32_t idle_timeout;
	int64_t absolute_expiry;
	uint64_t generation;
	tsr_bytes user_id;
	tsr_bytes *profiles; /* array of n_profiles, owned */
	size_t n_profiles;
	tsr_bytes csrf_secret; /* empty or TSR_RECORD_CSRF_LEN bytes; wiped on clear */
	tsr_bytes flash;
	tsr_bytes forward;
	int64_t forward_until;
	tsr_bytes payload;
} tsr_record;

/* Makes 'rec' an empty record (all zero, nothing owned). */
void tsr_record_init(tsr_record *rec);

/* Frees everything 'rec' owns, wiping the CSRF secret first, and re-inits it. NULL is fine. */
void tsr_record_clear(tsr_record *rec);

/*
 * Appends a copy of 'len' bytes at 'profile' to the profile list.
 * Returns TSR_OK, TSR_ETOOBIG (too many or too long) or TSR_ENOMEM.
 */
int tsr_record_add_profile(tsr_record *rec, const void *profile, size_t len);

/*
 * Encodes 'rec' into a new buffer stored in 'out' (the caller owns it and
 * frees it with tsr_bytes_free; anything 'out' held before is not freed).
 * Returns TSR_OK, TSR_ETOOBIG (a field over its limit, named in 'e'),
 * TSR_EINVAL (idle_timeout 0, CSRF secret of a wrong length) or TSR_ENOMEM.
 */
int tsr_record_encode(const tsr_record *rec, tsr_bytes *out, tsr_error *e);

/*
 * Decodes 'len' bytes at 'buf' into 'out', which must be initialised
 * (tsr_record_init); on failure 'out' is left cleared. Returns TSR_OK,
 * TSR_EBADRECORD (message names the field and offset) or TSR_ENOMEM.
 */
int tsr_record_decode(const uint8_t *buf, size_t len, tsr_record *out, tsr_error *e);

/*
 * Finds the user id inside the encoded record 'buf' ('len' bytes) without
 * decoding the rest: the u16 length and the bytes right after the fixed
 * header of format v1. Sets '*uid' / '*ulen' (borrowed from 'buf') and
 * returns true when the record names a user; false for no user, or for
 * bytes that are not a v1 record. For the stores' per-user indexes, which
 * read this much of a record and no more.
 */
bool tsr_record_user_of(const uint8_t *buf, size_t len, const uint8_t **uid, size_t *ulen);

#endif
