/*
 * libtessera error codes: the message and name tables generated from
 * TSR_ERRNO_MAP, and the one setter of a tsr_error's detail.
 */
#include <stdarg.h>
#include <stdio.h>

#include "tessera/error.h"

/*
 * Records 'code' and the formatted message in 'e' (truncated to
 * TSR_ERRSTR_SIZE - 1 bytes, always NUL-terminated) and returns 'code'.
 * 'e' may be NULL, in which case nothing is formatted. A formatting error
 * leaves an empty message.
 */
int tsr_error_set(tsr_error *e, int code, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (e == NULL) {
		return code;
	}
	e->err = code;
	va_start(ap, fmt);
	n = vsnprintf(e->errstr, sizeof(e->errstr), fmt, ap);
	va_end(ap);
	if (n < 0) {
		e->errstr[0] = '\0';
	}
	e->errstr[sizeof(e->errstr) - 1] = '\0';
	return code;
}

/* Resets 'e' to TSR_OK with an empty message. 'e' may be NULL. */
void tsr_error_clear(tsr_error *e)
{
	if (e == NULL) {
		return;
	}
	e->err = TSR_OK;
	e->errstr[0] = '\0';
}

/*
 * Returns the fixed message of 'code', "success" for TSR_OK, or
 * "unknown error" for anything else. Static storage.
 */
const char *tsr_strerror(int code)
{
	switch (code) {
	case TSR_OK:
		return "success";
#define TSR__ERRNO_MSG(name, value, message)                                                       \
	case TSR_##name:                                                                               \
		return message;
		TSR_ERRNO_MAP(TSR__ERRNO_MSG)
#undef TSR__ERRNO_MSG
	default:
		return "unknown error";
	}
}

/* Returns "TSR_OK", the symbolic name of a TSR_E* 'code', or "TSR_E?". Static storage. */
const char *tsr_errname(int code)
{
	switch (code) {
	case TSR_OK:
		return "TSR_OK";
#define TSR__ERRNO_NAME(name, value, message)                                                      \
	case TSR_##name:                                                                               \
		return "TSR_" #name;
		TSR_ERRNO_MAP(TSR__ERRNO_NAME)
#undef TSR__ERRNO_NAME
	default:
		return "TSR_E?";
	}
}
