/*
 * Session lifetime policy: idle and absolute timeouts, enforced server-side
 * on every read, and the expiry a store is told to keep.
 *
 * A store keeps, beside the record bytes, one deadline 'expires_at' (ms):
 * the moment the session dies if nobody uses it again. It is computed here
 * at every write and touch as min(now + idle, absolute_expiry) and checked
 * here at every read, together with the record's own absolute_expiry and
 * the idle timeout in force now (a shortened timeout applies at once).
 */
#ifndef TESSERA_POLICY_H
#define TESSERA_POLICY_H

#include <stdint.h>
#include "tessera/record.h"

/* Timeouts in seconds. 'idle_timeout' >= 1; 'absolute_timeout' 0 = off. */
typedef struct tsr_policy {
	uint32_t idle_timeout;
	uint32_t absolute_timeout;
} tsr_policy;

/* What a read found out about a stored session. */
typedef enum tsr_verdict {
	TSR_VERDICT_LIVE = 0,
	TSR_VERDICT_IDLE_EXPIRED,
	TSR_VERDICT_ABSOLUTE_EXPIRED,
} tsr_verdict;

/* Returns the current wall-clock time in ms since the Unix epoch (CLOCK_REALTIME). */
int64_t tsr_clock_now_ms(void);

/*
 * Fills the lifetime fields of a brand-new session's record 'rec' at time
 * 'now' (ms): created_at = last_active = now, idle_timeout from 'p',
 * absolute_expiry = now + absolute_timeout (0 when off), generation 0.
 */
void tsr_policy_start(const tsr_policy *p, tsr_record *rec, int64_t now);

/*
 * Returns the deadline a store should keep for 'rec' if it is written or
 * touched at 'now' under 'p': min(now + idle, rec->absolute_expiry if set).
 */
int64_t tsr_policy_expires_at(const tsr_policy *p, const tsr_record *rec, int64_t now);

/*
 * Judges a stored session at 'now' under 'p', given its record and the
 * store's 'expires_at'. Expired when now >= expires_at, when the record's
 * absolute_expiry has passed, or when the idle timeout in force now (if
 * shorter than the record's) has run out since its last use, reckoned as
 * expires_at - rec->idle_timeout.
 */
tsr_verdict tsr_policy_check(const tsr_policy *p, const tsr_record *rec, int64_t expires_at,
                             int64_t now);

/* Returns a static lower-case word for 'v' ("live", "idle timeout", "absolute timeout"). */
const char *tsr_verdict_name(tsr_verdict v);

#endif
