/*
 * Test helpers that know the files store's on-disk layout: see files_layout.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files_layout.h"
#include "support.h"
#include "tessera/key.h"

const char *tsr_test_record_path(const char *root, const char *sid, char *buf, size_t size)
{
	tsr_key k;

	assert_int_equal(tsr_key_from_sid(sid, strlen(sid), &k, NULL), TSR_OK);
	snprintf(buf, size, "%s/%.2s/%.2s/%s.rec", root, k.hex, k.hex + 2, k.hex);
	return buf;
}

int64_t tsr_test_record_deadline(const char *root, const char *sid)
{
	char path[512];
	struct stat sb;

	if (stat(tsr_test_record_path(root, sid, path, sizeof(path)), &sb) != 0) {
		return -1;
	}
	return (int64_t) sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000;
}

void tsr_test_record_load(const char *root, const char *sid, tsr_record *rec)
{
	char path[512], *data;
	size_t len;

	data = tsr_test_read_file(tsr_test_record_path(root, sid, path, sizeof(path)), &len);
	assert_non_null(data);
	assert_int_equal(tsr_record_decode((const uint8_t *) data, len, rec, NULL), TSR_OK);
	free(data);
}
