/*
 * libtessera error codes and the error context.
 *
 * Every fallible core call returns TSR_OK (0) or one negative TSR_E* code.
 * The codes and their fixed messages come from one X-macro, TSR_ERRNO_MAP,
 * so the enum and the message table cannot drift apart. Detail about one
 * failure (which path, which DSN part) lives in a tsr_error, written only by
 * tsr_error_set(), which truncates. The core never prints, exits or throws.
 */
#ifndef TESSERA_ERROR_H
#define TESSERA_ERROR_H

#include <stddef.h>

/* X(name, value, message): the one list of libtessera error codes. */
#define TSR_ERRNO_MAP(X)                                                                           \
	X(EINVAL, -1, "invalid argument")                                                              \
	X(ENOMEM, -2, "out of memory")                                                                 \
	X(EBADID, -3, "malformed session id")                                                          \
	X(EBADRECORD, -4, "malformed session record")                                                  \
	X(EBADDSN, -5, "invalid store DSN")                                                            \
	X(ENOSTORE, -6, "store not available in this build")                                           \
	X(ENOTFOUND, -7, "session not found")                                                          \
	X(ELOCKTIMEOUT, -8, "lock wait limit reached")                                                 \
	X(ELOCKLOST, -9, "lock no longer held by this request")                                        \
	X(EGONE, -10, "session was destroyed")                                                         \
	X(EREADONLY, -11, "session is open read-only")                                                 \
	X(EUNSAFE, -12, "unsafe store path")                                                           \
	X(EIO, -13, "store I/O error")                                                                 \
	X(EUNREACHABLE, -14, "store unreachable")                                                      \
	X(ERANDOM, -15, "random source failed")                                                        \
	X(ECRYPTO, -16, "cryptography error")                                                          \
	X(ETOOBIG, -17, "value too large")

enum tsr_errno {
	TSR_OK = 0,
#define TSR__ERRNO_ENUM(name, value, message) TSR_##name = (value),
	TSR_ERRNO_MAP(TSR__ERRNO_ENUM)
#undef TSR__ERRNO_ENUM
};

/* Size of tsr_error.errstr, including the terminating NUL. */
#define TSR_ERRSTR_SIZE 128

/*
 * The detail of the last failure. 'err' is TSR_OK or a TSR_E* code;
 * 'errstr' is always NUL-terminated (empty when err is TSR_OK).
 */
typedef struct tsr_error {
	int err;
	char errstr[TSR_ERRSTR_SIZE];
} tsr_error;

/*
 * Records 'code' and a printf-style message in 'e' (truncated to fit) and
 * returns 'code', so a caller can write `return tsr_error_set(e, ...)`.
 * 'e' may be NULL: then only the code is returned.
 */
int tsr_error_set(tsr_error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resets 'e' to TSR_OK with an empty message. 'e' may be NULL. */
void tsr_error_clear(tsr_error *e);

/*
 * Returns the fixed message of 'code' ("lock wait limit reached"), or
 * "unknown error" for a value that is not a TSR_E* code. Static storage.
 */
const char *tsr_strerror(int code);

/* Returns the symbolic name of 'code' ("TSR_ELOCKTIMEOUT"), or "TSR_E?". Static storage. */
const char *tsr_errname(int code);

#endif
