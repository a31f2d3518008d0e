/*
 * Unit tests for the lifetime policy (lib/src/policy.c), all at explicit
 * 'now' values: starting a session, the deadline a store keeps, and the
 * verdict at, before and after each boundary.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "tessera/policy.h"

#define T0 INT64_C(1700000000000) /* an arbitrary 'now' in ms */
#define SEC INT64_C(1000)

static void test_start_fills_lifetime_fields(void **state)
{
	tsr_policy p = {1440, 86400};
	tsr_record r;
	(void) state;

	tsr_record_init(&r);
	r.generation = 9;
	tsr_policy_start(&p, &r, T0);
	assert_int_equal(r.created_at, T0);
	assert_int_equal(r.last_active, T0);
	assert_int_equal(r.idle_timeout, 1440);
	assert_int_equal(r.absolute_expiry, T0 + 86400 * SEC);
	assert_int_equal(r.generation, 0);
}

static void test_start_without_absolute_timeout(void **state)
{
	tsr_policy p = {600, 0};
	tsr_record r;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&p, &r, T0);
	assert_int_equal(r.absolute_expiry, 0);
}

static void test_expires_at_is_now_plus_idle(void **state)
{
	tsr_policy p = {600, 0};
	tsr_record r;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&p, &r, T0);
	assert_int_equal(tsr_policy_expires_at(&p, &r, T0 + 5 * SEC), T0 + 605 * SEC);
}

static void test_expires_at_clipped_by_absolute_expiry(void **state)
{
	tsr_policy p = {600, 3600};
	tsr_record r;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&p, &r, T0);
	/* Well before the absolute expiry: idle decides. */
	assert_int_equal(tsr_policy_expires_at(&p, &r, T0 + 100 * SEC), T0 + 700 * SEC);
	/* Touched 50 minutes in: now + idle would pass the absolute expiry at T0 + 3600 s. */
	assert_int_equal(tsr_policy_expires_at(&p, &r, T0 + 3000 * SEC), T0 + 3600 * SEC);
}

static void test_live_before_deadline(void **state)
{
	tsr_policy p = {600, 3600};
	tsr_record r;
	int64_t exp;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&p, &r, T0);
	exp = tsr_policy_expires_at(&p, &r, T0);
	assert_int_equal(tsr_policy_check(&p, &r, exp, T0), TSR_VERDICT_LIVE);
	assert_int_equal(tsr_policy_check(&p, &r, exp, exp - 1), TSR_VERDICT_LIVE);
}

static void test_idle_expired_exactly_at_deadline(void **state)
{
	tsr_policy p = {600, 0};
	tsr_record r;
	int64_t exp;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&p, &r, T0);
	exp = tsr_policy_expires_at(&p, &r, T0);
	assert_int_equal(exp, T0 + 600 * SEC);
	assert_int_equal(tsr_policy_check(&p, &r, exp, exp - 1), TSR_VERDICT_LIVE);
	assert_int_equal(tsr_policy_check(&p, &r, exp, exp), TSR_VERDICT_IDLE_EXPIRED);
	assert_int_equal(tsr_policy_check(&p, &r, exp, exp + 1), TSR_VERDICT_IDLE_EXPIRED);
}

static void test_absolute_expired(void **state)
{
	tsr_policy p = {600, 3600};
	tsr_record r;
	int64_t exp;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&p, &r, T0);
	/* Kept alive by a touch 55 minutes in: the deadline is clipped to the absolute expiry. */
	exp = tsr_policy_expires_at(&p, &r, T0 + 3300 * SEC);
	assert_int_equal(exp, T0 + 3600 * SEC);
	assert_int_equal(tsr_policy_check(&p, &r, exp, T0 + 3600 * SEC - 1), TSR_VERDICT_LIVE);
	assert_int_equal(tsr_policy_check(&p, &r, exp, T0 + 3600 * SEC), TSR_VERDICT_ABSOLUTE_EXPIRED);
}

/* A store deadline that disagrees with the record does not keep a session past its absolute expiry.
 */
static void test_absolute_expiry_wins_over_store_deadline(void **state)
{
	tsr_policy p = {600, 3600};
	tsr_record r;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&p, &r, T0);
	assert_int_equal(tsr_policy_check(&p, &r, T0 + 9999 * SEC, T0 + 3600 * SEC),
	                 TSR_VERDICT_ABSOLUTE_EXPIRED);
}

static void test_shortened_idle_timeout_expires_older_session(void **state)
{
	tsr_policy old = {1440, 0};
	tsr_policy now_p = {300, 0};
	tsr_record r;
	int64_t exp;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&old, &r, T0);
	exp = tsr_policy_expires_at(&old, &r, T0); /* last use at T0, deadline T0 + 1440 s */
	/* Under the old timeout it would live until T0 + 1440 s; the new 300 s applies at once. */
	assert_int_equal(tsr_policy_check(&old, &r, exp, T0 + 400 * SEC), TSR_VERDICT_LIVE);
	assert_int_equal(tsr_policy_check(&now_p, &r, exp, T0 + 300 * SEC - 1), TSR_VERDICT_LIVE);
	assert_int_equal(tsr_policy_check(&now_p, &r, exp, T0 + 300 * SEC), TSR_VERDICT_IDLE_EXPIRED);
	assert_int_equal(tsr_policy_check(&now_p, &r, exp, T0 + 400 * SEC), TSR_VERDICT_IDLE_EXPIRED);
}

/* A touch under the shorter policy keeps measuring from the record's timeout, so the session lives
 * on. */
static void test_touch_under_shortened_timeout_keeps_session(void **state)
{
	tsr_policy old = {1440, 0};
	tsr_policy now_p = {300, 0};
	tsr_record r;
	int64_t exp;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&old, &r, T0);
	exp = tsr_policy_expires_at(&now_p, &r, T0 + 200 * SEC);
	assert_int_equal(exp, T0 + (200 + 1440) * SEC);
	assert_int_equal(tsr_policy_check(&now_p, &r, exp, T0 + 499 * SEC), TSR_VERDICT_LIVE);
	assert_int_equal(tsr_policy_check(&now_p, &r, exp, T0 + 500 * SEC), TSR_VERDICT_IDLE_EXPIRED);
}

static void test_lengthened_idle_timeout_applies_to_new_deadline(void **state)
{
	tsr_policy old = {300, 0};
	tsr_policy now_p = {1440, 0};
	tsr_record r;
	int64_t exp;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&old, &r, T0);
	exp = tsr_policy_expires_at(&now_p, &r, T0);
	assert_int_equal(exp, T0 + 1440 * SEC);
	assert_int_equal(tsr_policy_check(&now_p, &r, exp, T0 + 1000 * SEC), TSR_VERDICT_LIVE);
}

static void test_extreme_times_do_not_overflow(void **state)
{
	tsr_policy p = {UINT32_MAX, UINT32_MAX};
	tsr_record r;
	(void) state;

	tsr_record_init(&r);
	tsr_policy_start(&p, &r, INT64_MAX - 5);
	assert_int_equal(r.absolute_expiry, INT64_MAX);
	assert_int_equal(tsr_policy_expires_at(&p, &r, INT64_MAX - 5), INT64_MAX);
	r.idle_timeout = UINT32_MAX;
	p.idle_timeout = 1;
	r.absolute_expiry = 0;
	/* The last use reckons to before INT64_MIN: clamped, not wrapped round to the future. */
	assert_int_equal(tsr_policy_check(&p, &r, INT64_MIN + 1, INT64_MIN), TSR_VERDICT_LIVE);
	assert_int_equal(tsr_policy_check(&p, &r, INT64_MAX, INT64_MAX - 1), TSR_VERDICT_IDLE_EXPIRED);
}

static void test_verdict_names(void **state)
{
	(void) state;
	assert_string_equal(tsr_verdict_name(TSR_VERDICT_LIVE), "live");
	assert_string_equal(tsr_verdict_name(TSR_VERDICT_IDLE_EXPIRED), "idle timeout");
	assert_string_equal(tsr_verdict_name(TSR_VERDICT_ABSOLUTE_EXPIRED), "absolute timeout");
}

static void test_clock_is_wall_time_in_ms(void **state)
{
	struct timespec ts;
	int64_t before, now, after;
	(void) state;

	assert_int_equal(clock_gettime(CLOCK_REALTIME, &ts), 0);
	before = (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	now = tsr_clock_now_ms();
	assert_int_equal(clock_gettime(CLOCK_REALTIME, &ts), 0);
	after = (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	assert_true(before <= now);
	assert_true(now <= after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_start_fills_lifetime_fields),
	    cmocka_unit_test(test_start_without_absolute_timeout),
	    cmocka_unit_test(test_expires_at_is_now_plus_idle),
	    cmocka_unit_test(test_expires_at_clipped_by_absolute_expiry),
	    cmocka_unit_test(test_live_before_deadline),
	    cmocka_unit_test(test_idle_expired_exactly_at_deadline),
	    cmocka_unit_test(test_absolute_expired),
	    cmocka_unit_test(test_absolute_expiry_wins_over_store_deadline),
	    cmocka_unit_test(test_shortened_idle_timeout_expires_older_session),
	    cmocka_unit_test(test_touch_under_shortened_timeout_keeps_session),
	    cmocka_unit_test(test_lengthened_idle_timeout_applies_to_new_deadline),
	    cmocka_unit_test(test_extreme_times_do_not_overflow),
	    cmocka_unit_test(test_verdict_names),
	    cmocka_unit_test(test_clock_is_wall_time_in_ms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
