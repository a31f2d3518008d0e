/*
 * Test helpers that know the files store's on-disk layout
 * (<root>/<hex[0..1]>/<hex[2..3]>/<hex>.rec, mtime = deadline), shared by
 * the unit tests that look at stored records directly.
 */
#ifndef TESSERA_TEST_FILES_LAYOUT_H
#define TESSERA_TEST_FILES_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include "tessera/record.h"

/*
 * Writes the path of session 'sid's record file under the store 'root'
 * into 'buf' ('size' bytes, owned by the caller) and returns 'buf'.
 */
const char *tsr_test_record_path(const char *root, const char *sid, char *buf, size_t size);

/* Returns the deadline (the record file's mtime, in ms) of 'sid', or -1 when there is no record. */
int64_t tsr_test_record_deadline(const char *root, const char *sid);

/*
 * Decodes the stored record of 'sid' into 'rec' (initialised by the
 * caller, who then owns its contents); fails the test when it is absent
 * or does not decode.
 */
void tsr_test_record_load(const char *root, const char *sid, tsr_record *rec);

#endif
