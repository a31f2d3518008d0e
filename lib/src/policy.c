/*
 * Session lifetime policy: the idle and absolute timeouts, turned into the
 * deadline a store keeps ('expires_at') and into a verdict on every read.
 *
 * Times are milliseconds since the Unix epoch (int64_t); timeouts are
 * seconds (uint32_t). Sums saturate instead of overflowing, so hostile or
 * corrupt timestamps in a record can at worst expire a session, never
 * trigger undefined behaviour. A deadline is inclusive: at now ==
 * expires_at the session is already dead.
 */
#include <stdint.h>
#include <time.h>

#include "tessera/policy.h"

#define TSR_MS_PER_S INT64_C(1000)

/* Returns a + b, clamped to the int64_t range; 'b' is >= 0. */
static int64_t tsr_add_sat(int64_t a, int64_t b)
{
	if (a > INT64_MAX - b) {
		return INT64_MAX;
	}
	return a + b;
}

/* Returns a - b, clamped to the int64_t range; 'b' is >= 0. */
static int64_t tsr_sub_sat(int64_t a, int64_t b)
{
	if (a < INT64_MIN + b) {
		return INT64_MIN;
	}
	return a - b;
}

/*
 * Returns the wall-clock time in ms since the Unix epoch, read with
 * clock_gettime(CLOCK_REALTIME); 0 if the clock cannot be read.
 */
int64_t tsr_clock_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
		return 0;
	}
	return (int64_t) ts.tv_sec * TSR_MS_PER_S + (int64_t) (ts.tv_nsec / 1000000);
}

/*
 * Sets the lifetime fields of the new session's record 'rec' at 'now':
 * created_at = last_active = 'now', idle_timeout = p->idle_timeout,
 * absolute_expiry = now + p->absolute_timeout (0 when that is 0),
 * generation = 0. Other fields are untouched. 'p' and 'rec' must not be NULL.
 */
void tsr_policy_start(const tsr_policy *p, tsr_record *rec, int64_t now)
{
	if (p == NULL || rec == NULL) {
		return;
	}
	rec->created_at = now;
	rec->last_active = now;
	rec->idle_timeout = p->idle_timeout;
	rec->absolute_expiry = p->absolute_timeout == 0
	                           ? 0
	                           : tsr_add_sat(now, (int64_t) p->absolute_timeout * TSR_MS_PER_S);
	rec->generation = 0;
}

/*
 * Returns the deadline to store for 'rec' written or touched at 'now' under
 * 'p': now + idle, clipped to rec->absolute_expiry when that is set.
 *
 * 'idle' is the longer of p->idle_timeout and rec->idle_timeout. A longer
 * timeout in 'p' thus applies at once; a shorter one is enforced by
 * tsr_policy_check(), which reckons the last use as expires_at -
 * rec->idle_timeout and therefore needs the deadline to be measured with
 * the record's own timeout (a touch does not rewrite the record).
 */
int64_t tsr_policy_expires_at(const tsr_policy *p, const tsr_record *rec, int64_t now)
{
	uint32_t idle;
	int64_t deadline;

	if (p == NULL || rec == NULL) {
		return now;
	}
	idle = p->idle_timeout > rec->idle_timeout ? p->idle_timeout : rec->idle_timeout;
	deadline = tsr_add_sat(now, (int64_t) idle * TSR_MS_PER_S);
	if (rec->absolute_expiry != 0 && rec->absolute_expiry < deadline) {
		deadline = rec->absolute_expiry;
	}
	return deadline;
}

/*
 * Judges the stored session 'rec' with deadline 'expires_at' at 'now' under
 * 'p'. Returns TSR_VERDICT_ABSOLUTE_EXPIRED when rec->absolute_expiry is set
 * and now >= it (this wins over an idle expiry), TSR_VERDICT_IDLE_EXPIRED
 * when now >= expires_at, or when p->idle_timeout is shorter than
 * rec->idle_timeout and now >= (expires_at - rec->idle_timeout) +
 * p->idle_timeout, else TSR_VERDICT_LIVE. NULL arguments judge as idle
 * expired.
 */
tsr_verdict tsr_policy_check(const tsr_policy *p, const tsr_record *rec, int64_t expires_at,
                             int64_t now)
{
	if (p == NULL || rec == NULL) {
		return TSR_VERDICT_IDLE_EXPIRED;
	}
	if (rec->absolute_expiry != 0 && now >= rec->absolute_expiry) {
		return TSR_VERDICT_ABSOLUTE_EXPIRED;
	}
	if (now >= expires_at) {
		return TSR_VERDICT_IDLE_EXPIRED;
	}
	if (p->idle_timeout < rec->idle_timeout) {
		int64_t last_use = tsr_sub_sat(expires_at, (int64_t) rec->idle_timeout * TSR_MS_PER_S);
		int64_t deadline = tsr_add_sat(last_use, (int64_t) p->idle_timeout * TSR_MS_PER_S);
		if (now >= deadline) {
			return TSR_VERDICT_IDLE_EXPIRED;
		}
	}
	return TSR_VERDICT_LIVE;
}

/* Returns "live", "idle timeout", "absolute timeout", or "unknown" for another value. Static. */
const char *tsr_verdict_name(tsr_verdict v)
{
	switch (v) {
	case TSR_VERDICT_LIVE:
		return "live";
	case TSR_VERDICT_IDLE_EXPIRED:
		return "idle timeout";
	case TSR_VERDICT_ABSOLUTE_EXPIRED:
		return "absolute timeout";
	}
	return "unknown";
}
