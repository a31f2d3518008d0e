/*
 * Unit tests for the error context (lib/src/error.c): the setter's
 * formatting and truncation, clearing, and the tables generated from
 * TSR_ERRNO_MAP.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tessera/error.h"

static void test_set_formats_and_returns_code(void **state)
{
	tsr_error e;
	(void) state;

	tsr_error_clear(&e);
	assert_int_equal(tsr_error_set(&e, TSR_EIO, "open '%s': %d", "/x", 42), TSR_EIO);
	assert_int_equal(e.err, TSR_EIO);
	assert_string_equal(e.errstr, "open '/x': 42");
}

static void test_set_truncates_long_message(void **state)
{
	tsr_error e;
	char big[3 * TSR_ERRSTR_SIZE];
	(void) state;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memset(e.errstr, 'Z', sizeof(e.errstr));
	assert_int_equal(tsr_error_set(&e, TSR_ETOOBIG, "%s", big), TSR_ETOOBIG);
	assert_int_equal(strlen(e.errstr), TSR_ERRSTR_SIZE - 1);
	assert_int_equal(e.errstr[TSR_ERRSTR_SIZE - 1], '\0');
	assert_int_equal(e.errstr[0], 'x');
}

static void test_set_with_null_context_returns_code(void **state)
{
	(void) state;
	assert_int_equal(tsr_error_set(NULL, TSR_ENOMEM, "nothing %d", 1), TSR_ENOMEM);
}

static void test_clear_resets(void **state)
{
	tsr_error e;
	(void) state;

	tsr_error_set(&e, TSR_EBADDSN, "bad");
	tsr_error_clear(&e);
	assert_int_equal(e.err, TSR_OK);
	assert_string_equal(e.errstr, "");
	tsr_error_clear(NULL);
}

static void test_strerror_of_each_code(void **state)
{
	(void) state;
	assert_string_equal(tsr_strerror(TSR_EINVAL), "invalid argument");
	assert_string_equal(tsr_strerror(TSR_ELOCKTIMEOUT), "lock wait limit reached");
	assert_string_equal(tsr_strerror(TSR_ETOOBIG), "value too large");
	assert_string_equal(tsr_strerror(-1000), "unknown error");
	assert_string_equal(tsr_strerror(7), "unknown error");
}

static void test_errname_of_each_code(void **state)
{
	(void) state;
	assert_string_equal(tsr_errname(TSR_OK), "TSR_OK");
	assert_string_equal(tsr_errname(TSR_ELOCKTIMEOUT), "TSR_ELOCKTIMEOUT");
	assert_string_equal(tsr_errname(TSR_ERANDOM), "TSR_ERANDOM");
	assert_string_equal(tsr_errname(-18), "TSR_E?");
	assert_string_equal(tsr_errname(1), "TSR_E?");
}

/* Every code in the map has its own message and name; the values are distinct and negative. */
static void test_map_is_complete(void **state)
{
	static const struct {
		int code;
		const char *name;
		const char *message;
	} map[] = {
#define ROW(name, value, message) {TSR_##name, "TSR_" #name, message},
	    TSR_ERRNO_MAP(ROW)
#undef ROW
	};
	size_t n = sizeof(map) / sizeof(map[0]);
	(void) state;

	for (size_t i = 0; i < n; i++) {
		assert_true(map[i].code < 0);
		assert_string_equal(tsr_errname(map[i].code), map[i].name);
		assert_string_equal(tsr_strerror(map[i].code), map[i].message);
		for (size_t j = i + 1; j < n; j++) {
			assert_int_not_equal(map[i].code, map[j].code);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_formats_and_returns_code),
	    cmocka_unit_test(test_set_truncates_long_message),
	    cmocka_unit_test(test_set_with_null_context_returns_code),
	    cmocka_unit_test(test_clear_resets),
	    cmocka_unit_test(test_strerror_of_each_code),
	    cmocka_unit_test(test_errname_of_each_code),
	    cmocka_unit_test(test_map_is_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
