/*
 * What every fuzz target's seed builder (its -DTSR_FUZZ_SEED_MAIN main)
 * shares: writing one seed file. Included by the targets only.
 */
#ifndef TESSERA_FUZZ_SEED_FILE_H
#define TESSERA_FUZZ_SEED_FILE_H

#include <stdio.h>

/*
 * Writes the 'len' bytes at 'data' (borrowed) into the file '<dir>/<name>',
 * replacing it. Returns 0, or 1 after printing why it failed.
 */
static inline int tsr_fuzz_seed_write(const char *dir, const char *name, const void *data,
                                      size_t len)
{
	char path[4096];
	FILE *f;
	int bad;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL) {
		perror(path);
		return 1;
	}
	bad = fwrite(data, 1, len, f) != len;
	bad |= fclose(f) != 0;
	if (bad) {
		fprintf(stderr, "%s: write failed\n", path);
	}
	return bad;
}

#endif
