/*
 * The session record codec (wire format v1, documented in
 * tessera/record.h) and the small owned-bytes helpers it is built on.
 *
 * Integers are written and read one byte at a time in little-endian order,
 * so the format does not depend on the host's byte order or alignment and
 * no struct is ever cast onto the buffer. The decoder treats its input as
 * hostile: each read first checks that the bytes are there, each length is
 * checked against its limit before anything is allocated or copied, and
 * every rejection names the field and the offset where it starts.
 * tsr_record_encode() enforces the same limits, so whatever decodes
 * re-encodes to the same bytes and whatever encodes decodes.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "tessera/record.h"

/* Frees 'b->data' and resets 'b' to empty. 'b' and 'b->data' may be NULL. */
void tsr_bytes_free(tsr_bytes *b)
{
	if (b == NULL) {
		return;
	}
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

/*
 * Replaces the contents of 'b' with a copy of the 'len' bytes at 'data'
 * ('data' may be NULL when 'len' is 0; an empty copy owns no memory).
 * Returns TSR_OK, TSR_EINVAL (NULL 'b', or NULL 'data' with a length) or
 * TSR_ENOMEM; 'b' is unchanged on failure.
 */
int tsr_bytes_set(tsr_bytes *b, const void *data, size_t len)
{
	uint8_t *copy = NULL;

	if (b == NULL || (data == NULL && len > 0)) {
		return TSR_EINVAL;
	}
	if (len > 0) {
		copy = malloc(len);
		if (copy == NULL) {
			return TSR_ENOMEM;
		}
		memcpy(copy, data, len);
	}
	free(b->data);
	b->data = copy;
	b->len = len;
	return TSR_OK;
}

/* Makes 'rec' an empty record that owns nothing. 'rec' may be NULL. */
void tsr_record_init(tsr_record *rec)
{
	if (rec == NULL) {
		return;
	}
	memset(rec, 0, sizeof(*rec));
}

/*
 * Frees everything 'rec' owns, wiping the CSRF secret before its memory is
 * released, and leaves 'rec' as tsr_record_init() does. NULL is fine.
 */
void tsr_record_clear(tsr_record *rec)
{
	if (rec == NULL) {
		return;
	}
	if (rec->csrf_secret.data != NULL) {
		OPENSSL_cleanse(rec->csrf_secret.data, rec->csrf_secret.len);
	}
	tsr_bytes_free(&rec->csrf_secret);
	tsr_bytes_free(&rec->user_id);
	if (rec->profiles != NULL) {
		for (size_t i = 0; i < rec->n_profiles; i++) {
			tsr_bytes_free(&rec->profiles[i]);
		}
		free(rec->profiles);
	}
	tsr_bytes_free(&rec->flash);
	tsr_bytes_free(&rec->forward);
	tsr_bytes_free(&rec->payload);
	tsr_record_init(rec);
}

/*
 * Appends a copy of the 'len' bytes at 'profile' ('profile' may be NULL when
 * 'len' is 0) to 'rec's profile list. Returns TSR_OK, TSR_EINVAL (NULL
 * arguments), TSR_ETOOBIG (already TSR_RECORD_MAX_PROFILES entries, or 'len'
 * over TSR_RECORD_MAX_PROFILE) or TSR_ENOMEM; 'rec' is unchanged on failure.
 */
int tsr_record_add_profile(tsr_record *rec, const void *profile, size_t len)
{
	tsr_bytes *grown;
	tsr_bytes copy = {NULL, 0};
	int rc;

	if (rec == NULL || (profile == NULL && len > 0)) {
		return TSR_EINVAL;
	}
	if (rec->n_profiles >= TSR_RECORD_MAX_PROFILES || len > TSR_RECORD_MAX_PROFILE) {
		return TSR_ETOOBIG;
	}
	rc = tsr_bytes_set(&copy, profile, len);
	if (rc != TSR_OK) {
		return rc;
	}
	grown = realloc(rec->profiles, (rec->n_profiles + 1) * sizeof(*grown));
	if (grown == NULL) {
		tsr_bytes_free(&copy);
		return TSR_ENOMEM;
	}
	rec->profiles = grown;
	rec->profiles[rec->n_profiles++] = copy;
	return TSR_OK;
}

/* ---- encoding ---------------------------------------------------------- */

/* A write cursor over a buffer whose exact size was computed beforehand. */
typedef struct tsr_writer {
	uint8_t *p;
	size_t off;
} tsr_writer;

static void tsr_put_u8(tsr_writer *w, uint8_t v)
{
	w->p[w->off++] = v;
}

static void tsr_put_u16(tsr_writer *w, uint16_t v)
{
	tsr_put_u8(w, (uint8_t) (v & 0xffu));
	tsr_put_u8(w, (uint8_t) (v >> 8));
}

static void tsr_put_u32(tsr_writer *w, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++) {
		tsr_put_u8(w, (uint8_t) ((v >> (8 * i)) & 0xffu));
	}
}

static void tsr_put_u64(tsr_writer *w, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++) {
		tsr_put_u8(w, (uint8_t) ((v >> (8 * i)) & 0xffu));
	}
}

static void tsr_put_i64(tsr_writer *w, int64_t v)
{
	tsr_put_u64(w, (uint64_t) v);
}

static void tsr_put_raw(tsr_writer *w, const tsr_bytes *b)
{
	if (b->len > 0) {
		memcpy(w->p + w->off, b->data, b->len);
		w->off += b->len;
	}
}

/*
 * Checks one variable field of 'rec' before encoding: a length over 'limit'
 * is TSR_ETOOBIG, a NULL pointer with a length TSR_EINVAL, both naming
 * 'field'.
 */
static int tsr_check_field(const tsr_bytes *b, size_t limit, const char *field, tsr_error *e)
{
	if (b->len > limit) {
		return tsr_error_set(e, TSR_ETOOBIG, "record field '%s' is %zu bytes, limit %zu", field,
		                     b->len, limit);
	}
	if (b->data == NULL && b->len > 0) {
		return tsr_error_set(e, TSR_EINVAL, "record field '%s' has a length but no data", field);
	}
	return TSR_OK;
}

/*
 * Checks every field of 'rec' against the v1 format and stores the encoded
 * size in '*size'. Returns TSR_OK, TSR_ETOOBIG or TSR_EINVAL naming the field.
 */
static int tsr_record_check(const tsr_record *rec, size_t *size, tsr_error *e)
{
	size_t n = TSR_RECORD_HEADER_LEN;
	int rc;

	if ((rec->flags & ~TSR_RECORD_FLAG_ENCRYPTED) != 0) {
		return tsr_error_set(e, TSR_EINVAL, "record field 'flags' has unknown bits 0x%02x",
		                     (unsigned) (rec->flags & ~TSR_RECORD_FLAG_ENCRYPTED));
	}
	if (((rec->flags & TSR_RECORD_FLAG_ENCRYPTED) != 0) != (rec->key_id != 0)) {
		return tsr_error_set(
		    e, TSR_EINVAL,
		    "record field 'key_id' is %u: an encrypted payload needs a key id >= 1, "
		    "a plain one 0",
		    (unsigned) rec->key_id);
	}
	if (rec->idle_timeout == 0) {
		return tsr_error_set(e, TSR_EINVAL, "record field 'idle_timeout' must be >= 1");
	}
	if ((rc = tsr_check_field(&rec->user_id, TSR_RECORD_MAX_USER_ID, "user_id", e)) != TSR_OK) {
		return rc;
	}
	n += 2 + rec->user_id.len;

	if (rec->n_profiles > TSR_RECORD_MAX_PROFILES) {
		return tsr_error_set(e, TSR_ETOOBIG, "record field 'profiles' has %zu entries, limit %u",
		                     rec->n_profiles, TSR_RECORD_MAX_PROFILES);
	}
	if (rec->profiles == NULL && rec->n_profiles > 0) {
		return tsr_error_set(e, TSR_EINVAL, "record field 'profiles' has a count but no data");
	}
	n += 2;
	for (size_t i = 0; i < rec->n_profiles; i++) {
		rc = tsr_check_field(&rec->profiles[i], TSR_RECORD_MAX_PROFILE, "profile", e);
		if (rc != TSR_OK) {
			return rc;
		}
		n += 2 + rec->profiles[i].len;
	}

	if (rec->csrf_secret.len != 0 && rec->csrf_secret.len != TSR_RECORD_CSRF_LEN) {
		return tsr_error_set(e, TSR_EINVAL, "record field 'csrf_secret' is %zu bytes, not 0 or %u",
		                     rec->csrf_secret.len, TSR_RECORD_CSRF_LEN);
	}
	if ((rc = tsr_check_field(&rec->csrf_secret, TSR_RECORD_CSRF_LEN, "csrf_secret", e)) !=
	    TSR_OK) {
		return rc;
	}
	n += 1 + rec->csrf_secret.len;

	if ((rc = tsr_check_field(&rec->flash, TSR_RECORD_MAX_FLASH, "flash", e)) != TSR_OK) {
		return rc;
	}
	n += 4 + rec->flash.len;

	if ((rc = tsr_check_field(&rec->forward, TSR_RECORD_MAX_FORWARD, "forward", e)) != TSR_OK) {
		return rc;
	}
	if (rec->forward.len == 0 && rec->forward_until != 0) {
		return tsr_error_set(e, TSR_EINVAL,
		                     "record field 'forward_until' must be 0 when 'forward' is empty");
	}
	n += 2 + rec->forward.len + 8;

	if ((rc = tsr_check_field(&rec->payload, TSR_RECORD_MAX_PAYLOAD, "payload", e)) != TSR_OK) {
		return rc;
	}
	n += 4 + rec->payload.len;

	*size = n;
	return TSR_OK;
}

/*
 * Encodes 'rec' (v1) into a new buffer stored in 'out', owned by the caller
 * (tsr_bytes_free); what 'out' held before is overwritten, not freed.
 * Returns TSR_OK, TSR_ETOOBIG (a field over its limit), TSR_EINVAL
 * (idle_timeout 0, CSRF secret neither empty nor TSR_RECORD_CSRF_LEN bytes,
 * unknown flag bits, forward_until without forward, NULL arguments) or
 * TSR_ENOMEM; the field is named in 'e' (may be NULL). 'out' is left empty
 * on failure.
 */
int tsr_record_encode(const tsr_record *rec, tsr_bytes *out, tsr_error *e)
{
	tsr_writer w = {NULL, 0};
	size_t size = 0;
	int rc;

	if (out == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "record encode: NULL output");
	}
	out->data = NULL;
	out->len = 0;
	if (rec == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "record encode: NULL record");
	}
	rc = tsr_record_check(rec, &size, e);
	if (rc != TSR_OK) {
		return rc;
	}
	w.p = malloc(size);
	if (w.p == NULL) {
		return tsr_error_set(e, TSR_ENOMEM, "record encode: cannot allocate %zu bytes", size);
	}

	memcpy(w.p, TSR_RECORD_MAGIC, 4);
	w.off = 4;
	tsr_put_u8(&w, (uint8_t) TSR_RECORD_VERSION);
	tsr_put_u8(&w, rec->flags);
	tsr_put_u16(&w, rec->key_id);
	memcpy(w.p + w.off, rec->key, TSR_KEY_LEN);
	w.off += TSR_KEY_LEN;
	tsr_put_i64(&w, rec->created_at);
	tsr_put_i64(&w, rec->last_active);
	tsr_put_u32(&w, rec->idle_timeout);
	tsr_put_i64(&w, rec->absolute_expiry);
	tsr_put_u64(&w, rec->generation);

	tsr_put_u16(&w, (uint16_t) rec->user_id.len);
	tsr_put_raw(&w, &rec->user_id);
	tsr_put_u16(&w, (uint16_t) rec->n_profiles);
	for (size_t i = 0; i < rec->n_profiles; i++) {
		tsr_put_u16(&w, (uint16_t) rec->profiles[i].len);
		tsr_put_raw(&w, &rec->profiles[i]);
	}
	tsr_put_u8(&w, (uint8_t) rec->csrf_secret.len);
	tsr_put_raw(&w, &rec->csrf_secret);
	tsr_put_u32(&w, (uint32_t) rec->flash.len);
	tsr_put_raw(&w, &rec->flash);
	tsr_put_u16(&w, (uint16_t) rec->forward.len);
	tsr_put_raw(&w, &rec->forward);
	tsr_put_i64(&w, rec->forward_until);
	tsr_put_u32(&w, (uint32_t) rec->payload.len);
	tsr_put_raw(&w, &rec->payload);

	out->data = w.p;
	out->len = w.off;
	return TSR_OK;
}

/* ---- decoding ---------------------------------------------------------- */

/* A read cursor: 'off' never exceeds 'len'. */
typedef struct tsr_reader {
	const uint8_t *p;
	size_t len;
	size_t off;
	tsr_error *e;
} tsr_reader;

/* Fails unless 'n' more bytes of 'field' are available at the cursor. */
static int tsr_need(tsr_reader *r, size_t n, const char *field)
{
	if (r->len - r->off < n) {
		return tsr_error_set(r->e, TSR_EBADRECORD,
		                     "record truncated: '%s' needs %zu bytes at offset %zu, %zu left",
		                     field, n, r->off, r->len - r->off);
	}
	return TSR_OK;
}

/* Reads an 'n'-byte (n <= 8) little-endian unsigned integer of 'field' into '*v'. */
static int tsr_get_uint(tsr_reader *r, unsigned n, const char *field, uint64_t *v)
{
	uint64_t x = 0;
	int rc = tsr_need(r, n, field);

	if (rc != TSR_OK) {
		return rc;
	}
	for (unsigned i = 0; i < n; i++) {
		x |= (uint64_t) r->p[r->off + i] << (8 * i);
	}
	r->off += n;
	*v = x;
	return TSR_OK;
}

/* Converts the two's complement bit pattern 'u' to int64_t without implementation-defined casts. */
static int64_t tsr_u64_to_i64(uint64_t u)
{
	if (u <= (uint64_t) INT64_MAX) {
		return (int64_t) u;
	}
	return -(int64_t) (~u) - 1;
}

/*
 * Reads the 'width'-byte length of byte string 'field', checks it against
 * 'limit', then copies that many bytes into 'b'.
 */
static int tsr_get_bytes(tsr_reader *r, unsigned width, size_t limit, const char *field,
                         tsr_bytes *b)
{
	size_t at = r->off;
	uint64_t n;
	int rc = tsr_get_uint(r, width, field, &n);

	if (rc != TSR_OK) {
		return rc;
	}
	if (n > limit) {
		return tsr_error_set(r->e, TSR_EBADRECORD,
		                     "record field '%s' length %llu at offset %zu over limit %zu", field,
		                     (unsigned long long) n, at, limit);
	}
	if ((rc = tsr_need(r, (size_t) n, field)) != TSR_OK) {
		return rc;
	}
	if (tsr_bytes_set(b, r->p + r->off, (size_t) n) != TSR_OK) {
		return tsr_error_set(r->e, TSR_ENOMEM, "record field '%s': cannot allocate %llu bytes",
		                     field, (unsigned long long) n);
	}
	r->off += (size_t) n;
	return TSR_OK;
}

/* Decodes the fixed 76-byte header into 'out'. */
static int tsr_decode_header(tsr_reader *r, tsr_record *out)
{
	uint64_t v;
	int rc;

	if ((rc = tsr_need(r, 4, "magic")) != TSR_OK) {
		return rc;
	}
	if (memcmp(r->p, TSR_RECORD_MAGIC, 4) != 0) {
		return tsr_error_set(r->e, TSR_EBADRECORD, "record field 'magic' at offset 0 is not TSRC");
	}
	r->off = 4;
	if ((rc = tsr_get_uint(r, 1, "version", &v)) != TSR_OK) {
		return rc;
	}
	if (v != TSR_RECORD_VERSION) {
		return tsr_error_set(r->e, TSR_EBADRECORD,
		                     "record field 'version' at offset 4 is %u, only %u is known",
		                     (unsigned) v, TSR_RECORD_VERSION);
	}
	if ((rc = tsr_get_uint(r, 1, "flags", &v)) != TSR_OK) {
		return rc;
	}
	if ((v & ~(uint64_t) TSR_RECORD_FLAG_ENCRYPTED) != 0) {
		return tsr_error_set(r->e, TSR_EBADRECORD,
		                     "record field 'flags' at offset 5 has unknown bits 0x%02x",
		                     (unsigned) (v & ~(uint64_t) TSR_RECORD_FLAG_ENCRYPTED));
	}
	out->flags = (uint8_t) v;
	if ((rc = tsr_get_uint(r, 2, "key_id", &v)) != TSR_OK) {
		return rc;
	}
	if (((out->flags & TSR_RECORD_FLAG_ENCRYPTED) != 0) != (v != 0)) {
		return tsr_error_set(
		    r->e, TSR_EBADRECORD,
		    "record field 'key_id' at offset 6 is %u: an encrypted payload needs a "
		    "key id >= 1, a plain one 0",
		    (unsigned) v);
	}
	out->key_id = (uint16_t) v;
	if ((rc = tsr_need(r, TSR_KEY_LEN, "key")) != TSR_OK) {
		return rc;
	}
	memcpy(out->key, r->p + r->off, TSR_KEY_LEN);
	r->off += TSR_KEY_LEN;
	if ((rc = tsr_get_uint(r, 8, "created_at", &v)) != TSR_OK) {
		return rc;
	}
	out->created_at = tsr_u64_to_i64(v);
	if ((rc = tsr_get_uint(r, 8, "last_active", &v)) != TSR_OK) {
		return rc;
	}
	out->last_active = tsr_u64_to_i64(v);
	if ((rc = tsr_get_uint(r, 4, "idle_timeout", &v)) != TSR_OK) {
		return rc;
	}
	if (v == 0) {
		return tsr_error_set(r->e, TSR_EBADRECORD,
		                     "record field 'idle_timeout' at offset 56 is 0, must be >= 1");
	}
	out->idle_timeout = (uint32_t) v;
	if ((rc = tsr_get_uint(r, 8, "absolute_expiry", &v)) != TSR_OK) {
		return rc;
	}
	out->absolute_expiry = tsr_u64_to_i64(v);
	if ((rc = tsr_get_uint(r, 8, "generation", &v)) != TSR_OK) {
		return rc;
	}
	out->generation = v;
	return TSR_OK;
}

/* Decodes the variable part, from offset TSR_RECORD_HEADER_LEN to the end, into 'out'. */
static int tsr_decode_body(tsr_reader *r, tsr_record *out)
{
	size_t at;
	uint64_t v;
	int rc;

	if ((rc = tsr_get_bytes(r, 2, TSR_RECORD_MAX_USER_ID, "user_id", &out->user_id)) != TSR_OK) {
		return rc;
	}

	at = r->off;
	if ((rc = tsr_get_uint(r, 2, "profiles", &v)) != TSR_OK) {
		return rc;
	}
	if (v > TSR_RECORD_MAX_PROFILES) {
		return tsr_error_set(r->e, TSR_EBADRECORD,
		                     "record field 'profiles' count %u at offset %zu over limit %u",
		                     (unsigned) v, at, TSR_RECORD_MAX_PROFILES);
	}
	if (v > 0) {
		out->profiles = calloc((size_t) v, sizeof(*out->profiles));
		if (out->profiles == NULL) {
			return tsr_error_set(r->e, TSR_ENOMEM, "record field 'profiles': out of memory");
		}
		for (size_t i = 0; i < (size_t) v; i++) {
			rc = tsr_get_bytes(r, 2, TSR_RECORD_MAX_PROFILE, "profile", &out->profiles[i]);
			if (rc != TSR_OK) {
				return rc;
			}
			out->n_profiles = i + 1;
		}
	}

	at = r->off;
	if ((rc = tsr_get_bytes(r, 1, TSR_RECORD_CSRF_LEN, "csrf_secret", &out->csrf_secret)) !=
	    TSR_OK) {
		return rc;
	}
	if (out->csrf_secret.len != 0 && out->csrf_secret.len != TSR_RECORD_CSRF_LEN) {
		return tsr_error_set(r->e, TSR_EBADRECORD,
		                     "record field 'csrf_secret' length %zu at offset %zu is not 0 or %u",
		                     out->csrf_secret.len, at, TSR_RECORD_CSRF_LEN);
	}

	if ((rc = tsr_get_bytes(r, 4, TSR_RECORD_MAX_FLASH, "flash", &out->flash)) != TSR_OK) {
		return rc;
	}
	if ((rc = tsr_get_bytes(r, 2, TSR_RECORD_MAX_FORWARD, "forward", &out->forward)) != TSR_OK) {
		return rc;
	}
	at = r->off;
	if ((rc = tsr_get_uint(r, 8, "forward_until", &v)) != TSR_OK) {
		return rc;
	}
	out->forward_until = tsr_u64_to_i64(v);
	if (out->forward.len == 0 && out->forward_until != 0) {
		return tsr_error_set(r->e, TSR_EBADRECORD,
		                     "record field 'forward_until' at offset %zu is set but 'forward' "
		                     "is empty",
		                     at);
	}
	if ((rc = tsr_get_bytes(r, 4, TSR_RECORD_MAX_PAYLOAD, "payload", &out->payload)) != TSR_OK) {
		return rc;
	}
	if (r->off != r->len) {
		return tsr_error_set(r->e, TSR_EBADRECORD, "record has %zu trailing bytes at offset %zu",
		                     r->len - r->off, r->off);
	}
	return TSR_OK;
}

/*
 * Decodes the 'len' bytes at 'buf' (untrusted) into 'out', which must have
 * been initialised (anything it holds is freed first). Reads nothing outside
 * [buf, buf + len). Returns TSR_OK, TSR_EBADRECORD (message in 'e' names the
 * field and its offset), TSR_EINVAL (NULL 'out', or NULL 'buf' with a
 * length) or TSR_ENOMEM. On failure 'out' is left cleared.
 */
int tsr_record_decode(const uint8_t *buf, size_t len, tsr_record *out, tsr_error *e)
{
	tsr_reader r = {buf, len, 0, e};
	int rc;

	if (out == NULL || (buf == NULL && len > 0)) {
		return tsr_error_set(e, TSR_EINVAL, "record decode: NULL argument");
	}
	tsr_record_clear(out);
	rc = tsr_decode_header(&r, out);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	rc = tsr_decode_body(&r, out);

cleanup:
	if (rc != TSR_OK) {
		tsr_record_clear(out);
	}
	return rc;
}

/* Finds the user id in a v1 record without decoding it: see tessera/record.h. */
bool tsr_record_user_of(const uint8_t *buf, size_t len, const uint8_t **uid, size_t *ulen)
{
	size_t n;

	*uid = NULL;
	*ulen = 0;
	if (buf == NULL || len < TSR_RECORD_HEADER_LEN + 2 || memcmp(buf, TSR_RECORD_MAGIC, 4) != 0 ||
	    buf[4] != TSR_RECORD_VERSION) {
		return false;
	}
	n = (size_t) buf[TSR_RECORD_HEADER_LEN] | ((size_t) buf[TSR_RECORD_HEADER_LEN + 1] << 8);
	if (n == 0 || n > TSR_RECORD_MAX_USER_ID || len - TSR_RECORD_HEADER_LEN - 2 < n) {
		return false;
	}
	*uid = buf + TSR_RECORD_HEADER_LEN + 2;
	*ulen = n;
	return true;
}
