/*
 * libFuzzer target for the session record decoder (lib/src/record.c).
 *
 * Decodes arbitrary bytes; the decoder must never read out of bounds, leak
 * or trip a sanitizer. Whenever decoding succeeds, re-encoding must give
 * back exactly the input bytes: the format has one encoding per record, so
 * anything else means the decoder accepted something the encoder would not
 * write (or the two disagree on a field).
 *
 * Built with -DTSR_FUZZ_SEED_MAIN instead, this file is a small program
 * that writes seed records made with the real encoder into the directory
 * named by its argument (used by `make fuzz`).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_file.h"
#include "tessera/record.h"

#ifndef TSR_FUZZ_SEED_MAIN

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The stores' quick look at a record's user must agree with the full decode 'rec' of it. */
static void check_user_of(const uint8_t *data, size_t size, const tsr_record *rec)
{
	const uint8_t *uid;
	size_t ulen;
	bool named = tsr_record_user_of(data, size, &uid, &ulen);

	if (named != (rec->user_id.len > 0) ||
	    (named && (ulen != rec->user_id.len || memcmp(uid, rec->user_id.data, ulen) != 0))) {
		fprintf(stderr, "tsr_record_user_of disagrees with the decoded record\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tsr_record rec;
	tsr_bytes enc = {NULL, 0};
	tsr_error e;

	tsr_record_init(&rec);
	tsr_error_clear(&e);
	if (tsr_record_decode(data, size, &rec, &e) == TSR_OK) {
		if (tsr_record_encode(&rec, &enc, &e) != TSR_OK) {
			fprintf(stderr, "decoded record does not re-encode: %s\n", e.errstr);
			abort();
		}
		if (enc.len != size || memcmp(enc.data, data, size) != 0) {
			fprintf(stderr, "re-encoding differs: %zu bytes in, %zu out\n", size, enc.len);
			abort();
		}
		tsr_bytes_free(&enc);
		check_user_of(data, size, &rec);
	} else if (e.err == TSR_OK || strlen(e.errstr) >= TSR_ERRSTR_SIZE) {
		fprintf(stderr, "decode failed without a proper error\n");
		abort();
	}
	tsr_record_clear(&rec);
	return 0;
}

#else /* TSR_FUZZ_SEED_MAIN */

/* Encodes 'rec' into '<dir>/<name>'. Returns 0 or 1. */
static int write_seed(const char *dir, const char *name, const tsr_record *rec)
{
	tsr_bytes enc = {NULL, 0};
	tsr_error e;
	int bad;

	if (tsr_record_encode(rec, &enc, &e) != TSR_OK) {
		fprintf(stderr, "seed %s: %s\n", name, e.errstr);
		return 1;
	}
	bad = tsr_fuzz_seed_write(dir, name, enc.data, enc.len);
	tsr_bytes_free(&enc);
	return bad;
}

int main(int argc, char **argv)
{
	static const uint8_t csrf[TSR_RECORD_CSRF_LEN] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	tsr_record rec;
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}

	tsr_record_init(&rec);
	rec.idle_timeout = 1440;
	bad |= write_seed(argv[1], "empty", &rec);

	rec.flags = TSR_RECORD_FLAG_ENCRYPTED;
	rec.key_id = 1;
	bad |= write_seed(argv[1], "encrypted", &rec);
	rec.flags = 0;
	rec.key_id = 0;

	memset(rec.key, 0x5c, sizeof(rec.key));
	rec.created_at = INT64_C(1700000000000);
	rec.last_active = INT64_C(1700000060000);
	rec.absolute_expiry = INT64_C(1700086400000);
	rec.generation = 7;
	tsr_bytes_set(&rec.user_id, "user-42", 7);
	tsr_record_add_profile(&rec, "ua:Mozilla/5.0", 14);
	tsr_record_add_profile(&rec, "ip:192.0.2.0/24", 15);
	tsr_bytes_set(&rec.csrf_secret, csrf, sizeof(csrf));
	tsr_bytes_set(&rec.flash, "\x01\x00\x02", 3);
	tsr_bytes_set(&rec.forward, "sealed", 6);
	rec.forward_until = INT64_C(1700000090000);
	tsr_bytes_set(&rec.payload, "count|i:3;name|s:3:\"bob\";", 25);
	bad |= write_seed(argv[1], "full", &rec);
	tsr_record_clear(&rec);
	return bad;
}

#endif
