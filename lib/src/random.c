/*
 * Random bytes for secrets: a thin loop over getrandom(2) that handles
 * EINTR and short reads, with the system call behind a pointer so tests
 * can make it fail. See random.h.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "random.h"

ssize_t (*tsr__random_getrandom)(void *buf, size_t len, unsigned flags) = getrandom;

/* Fills 'buf' with 'len' random bytes (see random.h). Returns TSR_OK or TSR_ERANDOM. */
int tsr__random_fill(void *buf, size_t len, tsr_error *e)
{
	unsigned char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = tsr__random_getrandom(p + got, len - got, 0);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0 || (size_t) n > len - got) {
			int err = n < 0 ? errno : 0;
			memset(buf, 0, len);
			return tsr_error_set(e, TSR_ERANDOM, "getrandom failed (errno %d, %zd of %zu bytes)",
			                     err, n, len - got);
		}
		got += (size_t) n;
	}
	return TSR_OK;
}
