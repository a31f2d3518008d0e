/*
 * libFuzzer target for the DSN parser (lib/src/dsn.c).
 *
 * Parses arbitrary text (the input cut at its first NUL, as a C string
 * would be). The parser must never read out of bounds, leak or trip a
 * sanitizer; a success must satisfy the documented shape of tsr_dsn, and a
 * failure must leave the output cleared with a proper error.
 *
 * Built with -DTSR_FUZZ_SEED_MAIN instead, this file is a small program
 * that writes valid DSNs of every scheme into the directory named by its
 * argument as seeds (used by `make fuzz`).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_file.h"
#include "tessera/dsn.h"

#ifndef TSR_FUZZ_SEED_MAIN

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless a successful parse has the shape dsn.h promises. */
static void check_shape(const tsr_dsn *d)
{
	int ok = d->n_hosts <= TSR_DSN_MAX_HOSTS && d->n_options <= TSR_DSN_MAX_OPTIONS && d->db >= 0 &&
	         strcmp(tsr_dsn_scheme_name(d->scheme), "unknown") != 0;

	for (size_t i = 0; ok && i < d->n_hosts; i++) {
		ok = d->hosts[i].host != NULL && d->hosts[i].host[0] != '\0' && d->hosts[i].port >= 0 &&
		     d->hosts[i].port <= 65535;
	}
	for (size_t i = 0; ok && i < d->n_options; i++) {
		ok = d->options[i].name != NULL && d->options[i].value != NULL &&
		     tsr_dsn_option_get(d, d->options[i].name) == d->options[i].value;
	}
	switch (d->scheme) {
	case TSR_DSN_FILES:
	case TSR_DSN_SQLITE:
	case TSR_DSN_REDIS_UNIX:
		ok = ok && d->n_hosts == 0 && d->path != NULL && d->path[0] == '/' &&
		     strstr(d->path, "/../") == NULL;
		break;
	case TSR_DSN_MYSQL:
	case TSR_DSN_PGSQL:
		ok = ok && d->n_hosts == 1 && d->path != NULL && d->path[0] != '\0' &&
		     strchr(d->path, '/') == NULL;
		break;
	default:
		ok = ok && d->n_hosts >= 1 && d->path == NULL;
		break;
	}
	if (!ok) {
		fprintf(stderr, "parsed DSN breaks the documented shape\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	tsr_dsn d;
	tsr_error e;
	int rc;

	if (text == NULL) {
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	tsr_error_clear(&e);
	rc = tsr_dsn_parse(text, &d, &e);
	if (rc == TSR_OK) {
		check_shape(&d);
	} else {
		tsr_dsn zero;
		memset(&zero, 0, sizeof(zero));
		if (e.err != rc || memcmp(&d, &zero, sizeof(d)) != 0 || e.errstr[0] == '\0') {
			fprintf(stderr, "failed parse left output or error inconsistent\n");
			abort();
		}
	}
	tsr_dsn_clear(&d);
	free(text);
	return 0;
}

#else /* TSR_FUZZ_SEED_MAIN */

static const char *const seeds[] = {
    "/var/lib/tessera",
    "files:///var/lib/tessera?mode=0600",
    "sqlite:///var/lib/tessera/sessions.db",
    "redis://localhost",
    "redis://app:p%40ss@cache.example:6380/2?timeout=2.5&prefix=app%2F",
    "redis://[::1]:6379?db=3",
    "redis+unix://:pw@/run/redis/redis.sock?db=1",
    "redis+cluster://a:7000,b:7001,[2001:db8::1]:7002?timeout=1",
    "mysql://app:secret@db.example:3306/sessions?charset=utf8mb4",
    "pgsql://[fd00::5]/tessera",
};

int main(int argc, char **argv)
{
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		char name[32];

		snprintf(name, sizeof(name), "seed%zu", i);
		bad |= tsr_fuzz_seed_write(argv[1], name, seeds[i], strlen(seeds[i]));
	}
	return bad;
}

#endif
