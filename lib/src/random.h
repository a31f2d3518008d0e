/*
 * Internal: random bytes from the kernel CSPRNG for the units that need
 * secrets (CSRF secrets and masks, forward nonces). Not a public header.
 */
#ifndef TESSERA_SRC_RANDOM_H
#define TESSERA_SRC_RANDOM_H

#include <stddef.h>
#include <sys/types.h>
#include "tessera/error.h"

/*
 * Fills the 'len' bytes at 'buf' from getrandom(2) (blocking until the
 * pool is initialised), retrying EINTR and continuing after short reads.
 * Returns TSR_OK or TSR_ERANDOM (detail in 'e', may be NULL); on failure
 * 'buf' is zeroed.
 */
int tsr__random_fill(void *buf, size_t len, tsr_error *e);

/* For fault injection in tests only: the getrandom(2) that tsr__random_fill calls. */
extern ssize_t (*tsr__random_getrandom)(void *buf, size_t len, unsigned flags);

#endif
