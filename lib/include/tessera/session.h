/*
 * One session as a request sees it: ID checks, lock + read, timeout policy,
 * lazy or full write, destroy. The drop-in handler, the object API and the
 * CLI all go through this unit, so the rules live in one place.
 *
 * States and the function that moves between them:
 *
 *   CLOSED --tsr_session_open--> OPEN (existing record, lock held per mode)
 *   CLOSED --tsr_session_open--> CLOSED + TSR_ENOTFOUND (unknown, expired or
 *                                 malformed ID: nothing held; the caller
 *                                 issues a new ID)
 *   CLOSED --tsr_session_create-> OPEN (new record in memory, not yet stored)
 *   OPEN   --tsr_session_commit--> CLOSED (written or touched, lock released)
 *   OPEN   --tsr_session_destroy-> CLOSED (deleted, lock released)
 *   OPEN   --tsr_session_close---> CLOSED (lock released, nothing written)
 *   OPEN   --tsr_session_regenerate--> OPEN on a new ID (data moved, the old
 *                                 ID forwards to the new one for a grace)
 *
 * Retired IDs (tessera/forward.h): after a regeneration the old ID's record
 * holds only a sealed pointer to the new ID. tsr_session_open on the old ID
 * within the grace follows it and opens the NEW session ('forwarded' set,
 * tsr_session_id() gives the new ID for the cookie); after the grace the
 * old ID is refused ("forwarded id after grace": a possible hijack). A
 * revoked session (tsr_session_revoke) leaves a tombstone until the moment
 * it would have expired anyway, so its ID is refused as "revoked" rather
 * than "unknown id"; a session deleted by tsr_session_destroy or
 * tsr_store_destroy (the CLI's revoke) leaves nothing and reads as
 * "unknown id".
 *
 * Invariants: a malformed ID never reaches the store; an expired session
 * is never returned as OPEN (it is deleted when the lock allows); a commit
 * writes only under the lock taken at open (or atomically in NONE mode) and
 * never recreates a session someone else destroyed.
 */
#ifndef TESSERA_SESSION_H
#define TESSERA_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tessera/csrf.h"
#include "tessera/forward.h"
#include "tessera/policy.h"
#include "tessera/profile.h"
#include "tessera/record.h"
#include "tessera/sid.h"
#include "tessera/store.h"

typedef struct tsr_session {
	tsr_store *store; /* borrowed */
	tsr_lock *lock;   /* owned; NULL when CLOSED */
	tsr_lock_mode mode;
	tsr_key key;
	tsr_record record; /* owned; the record as read (or as created) */
	tsr_policy policy;
	bool is_new;        /* created in this request, not yet stored */
	int64_t expires_at; /* store deadline as read (0 for a new session) */
	/* Added for the object API (issue 5): */
	char sid[TSR_SID_MAX_LEN + 1]; /* the raw ID in use, NUL-terminated; wiped on close */
	size_t sid_len;
	unsigned sid_bits;
	bool dirty;     /* record fields beside the payload changed: commit writes in full */
	bool forwarded; /* open followed a regeneration forward: 'sid' is the NEW ID */
} tsr_session;

/*
 * The reasons tsr_session_open gives for refusing an ID ('*why'). Static
 * strings: compare them with strcmp.
 */
#define TSR_WHY_MALFORMED "malformed id"
#define TSR_WHY_UNKNOWN "unknown id"
#define TSR_WHY_IDLE "idle timeout"
#define TSR_WHY_ABSOLUTE "absolute timeout"
#define TSR_WHY_FORWARD_EXPIRED "forwarded id after grace"
#define TSR_WHY_REVOKED "revoked"

/* Makes 's' a CLOSED session that owns nothing. */
void tsr_session_init(tsr_session *s);

/*
 * Opens the existing session 'sid' ('len' bytes, 'sid_bits' strength) on
 * 'st' in 'mode' under 'policy', at 'now' (ms). On TSR_OK 's' is OPEN with
 * the decoded record. When 'sid' was regenerated less than the grace ago,
 * the forward is followed (at most TSR_FORWARD_MAX_HOPS times) and the NEW
 * session is opened instead, in the same mode: TSR_OK with 's->forwarded'
 * true and tsr_session_id() returning the new ID, which the caller must
 * send as the cookie (and report to onZombie). TSR_ENOTFOUND means the ID
 * must not be used; '*why' says why: TSR_WHY_MALFORMED (store untouched),
 * TSR_WHY_UNKNOWN, TSR_WHY_IDLE / TSR_WHY_ABSOLUTE (the record is deleted
 * when 'mode' holds the lock), TSR_WHY_FORWARD_EXPIRED (an old ID used
 * after its grace: a possible hijack), TSR_WHY_REVOKED. When a followed
 * forward leads to a session that is gone, '*why' is that session's
 * reason. Other codes are failures with detail in 'e': TSR_ELOCKTIMEOUT,
 * TSR_EBADRECORD (stored bytes corrupt: left in place, nothing lost),
 * TSR_EIO, TSR_EUNREACHABLE, TSR_ENOMEM. 'why' may be NULL; it receives a
 * static string.
 */
int tsr_session_open(tsr_session *s, tsr_store *st, const char *sid, size_t len, unsigned sid_bits,
                     tsr_lock_mode mode, const tsr_policy *policy, int64_t now, const char **why,
                     tsr_error *e);

/*
 * Makes 's' a new, empty session for the freshly generated 'sid' on 'st':
 * takes the lock per 'mode' (a new ID has no other holder, so this does not
 * wait) and fills the record's lifetime fields at 'now'. Nothing is stored
 * until tsr_session_commit. Returns TSR_OK, TSR_EBADID, or a store error.
 */
int tsr_session_create(tsr_session *s, tsr_store *st, const char *sid, size_t len,
                       unsigned sid_bits, tsr_lock_mode mode, const tsr_policy *policy, int64_t now,
                       tsr_error *e);

/*
 * Stores 'payload' ('len' bytes, borrowed) and closes 's'. When the session
 * exists and the payload equals what was read, only the deadline is moved
 * (touch); otherwise the whole record is written with last_active = 'now'
 * and generation + 1. In READ_ONLY mode a changed payload is refused with
 * TSR_EREADONLY (nothing written); an unchanged one just closes. Returns
 * TSR_OK, TSR_EREADONLY, TSR_EGONE (destroyed meanwhile), TSR_ELOCKLOST,
 * or a store error; 's' is CLOSED afterwards in every case.
 */
int tsr_session_commit(tsr_session *s, const void *payload, size_t len, int64_t now, tsr_error *e);

/*
 * Deletes the session for good and closes 's'. Returns TSR_OK (also when a
 * new session was never stored), TSR_EREADONLY, or a store error; 's' is
 * CLOSED afterwards in every case.
 */
int tsr_session_destroy(tsr_session *s, tsr_error *e);

/* Releases the lock without writing and frees what 's' owns. CLOSED is fine. */
void tsr_session_close(tsr_session *s);

/* True when 's' is OPEN. */
bool tsr_session_is_open(const tsr_session *s);

/*
 * Returns the raw ID of the OPEN session 's' (NUL-terminated, borrowed
 * from 's', valid until it closes) and stores its length in '*len' (may be
 * NULL). After a forwarded open or a regeneration this is the NEW ID.
 * Returns NULL (and 0) when 's' is CLOSED.
 */
const char *tsr_session_id(const tsr_session *s, size_t *len);

/*
 * Moves the OPEN session 's' to the fresh ID 'new_sid' ('new_len' bytes of
 * 's's strength, from tsr_sid_generate) at 'now' (ms), and leaves 's' OPEN
 * on the new ID in the same mode. For a stored session, in this order:
 *   1. the new ID is locked (exclusive, not waiting) and a new record
 *      written under it: same created_at, absolute expiry, user id,
 *      profiles, flash and payload as read (the caller's pending payload
 *      goes in with tsr_session_commit as usual), a NEW CSRF secret when
 *      the old record had one, generation 0; the new lock stays held;
 *   2. the old record is replaced by a forward (tessera/forward.h): the
 *      new ID sealed under the old one, forward_until = now + 'grace_s',
 *      everything else emptied, store deadline = the later of
 *      forward_until and the deadline the old session had (so a late use
 *      of the old ID is still recognised as such, until it would have
 *      expired anyway); the old lock is released in the same step.
 * 'grace_s' 0 forwards nothing: any later use of the old ID is refused as
 * TSR_WHY_FORWARD_EXPIRED. A new session not yet stored just changes ID.
 * Returns TSR_OK; TSR_EINVAL ('s' not OPEN, 'grace_s' over
 * TSR_FORWARD_MAX_GRACE_S, new ID equal to the old or already in use);
 * TSR_EBADID; TSR_EREADONLY (READ_ONLY mode); TSR_ERANDOM, TSR_ECRYPTO,
 * TSR_ENOMEM; or a store error (TSR_ELOCKLOST, TSR_EGONE, TSR_EIO, ...).
 * On a failure in step 1 's' is unchanged and still OPEN on the old ID.
 * On a failure in step 2 the new record is deleted again and 's' is
 * CLOSED (both locks released): the caller treats the request's session
 * as lost. Detail goes to 'e' (may be NULL).
 */
int tsr_session_regenerate(tsr_session *s, const char *new_sid, size_t new_len, uint32_t grace_s,
                           int64_t now, tsr_error *e);

/*
 * Binds the OPEN session 's' to the user 'user_id' ('len' bytes, 1..
 * TSR_RECORD_MAX_USER_ID, no NUL byte), or unbinds it when 'len' is 0. The
 * record changes in memory ('dirty') and the store's per-user index follows
 * at tsr_session_commit. Returns TSR_OK, TSR_EINVAL (not OPEN, NUL byte,
 * NULL with a length), TSR_ETOOBIG, TSR_EREADONLY or TSR_ENOMEM.
 */
int tsr_session_bind_user(tsr_session *s, const char *user_id, size_t len, tsr_error *e);

/*
 * Writes a fresh masked CSRF token for the OPEN session 's' into 'out'
 * ('out_size' >= TSR_CSRF_TOKEN_LEN + 1; see tessera/csrf.h). Creates the
 * session's secret first when it has none (the record becomes 'dirty'; in
 * READ_ONLY mode that is refused with TSR_EREADONLY). Returns TSR_OK,
 * TSR_EINVAL, TSR_EREADONLY or TSR_ERANDOM, with detail in 'e'.
 */
int tsr_session_csrf_token(tsr_session *s, char *out, size_t out_size, tsr_error *e);

/*
 * True when the 'len' untrusted bytes at 'token' are a CSRF token of the
 * OPEN session 's's current secret (tsr_csrf_verify). False when 's' is
 * CLOSED or has no secret yet. Changes nothing.
 */
bool tsr_session_csrf_verify(const tsr_session *s, const char *token, size_t len);

/*
 * Checks the request's profile 'cur' against the OPEN session 's' under
 * 'pol' (tessera/profile.h) and stores the outcome in '*verdict':
 *   TSR_PROFILE_KNOWN    the matching entry is marked as used (moved last,
 *                        address and UA text refreshed; 'dirty' only if
 *                        that changed anything);
 *   TSR_PROFILE_FIRST    the session had no profile: 'cur' is adopted;
 *   TSR_PROFILE_CHANGED  nothing changes: the caller asks onProfileChange
 *                        (known profiles: decode s->record.profiles) and
 *                        then calls tsr_session_profile_accept, or refuses
 *                        (tsr_session_destroy and a new session).
 * In READ_ONLY mode the bookkeeping is kept in memory only (never written).
 * Returns TSR_OK, TSR_EINVAL or TSR_ENOMEM.
 */
int tsr_session_profile_check(tsr_session *s, const tsr_profile_policy *pol, const tsr_profile *cur,
                              tsr_profile_verdict *verdict, tsr_error *e);

/*
 * Accepts 'cur' as a new known profile of the OPEN session 's' (after
 * onProfileChange said yes): appended as the most recent, keeping at most
 * 'max' (0 = TSR_PROFILE_DEFAULT_MAX; oldest dropped). Marks 's' dirty.
 * Returns TSR_OK, TSR_EINVAL or TSR_ENOMEM.
 */
int tsr_session_profile_accept(tsr_session *s, const tsr_profile *cur, size_t max, tsr_error *e);

/*
 * Revokes the stored session 'key' on 'st' at 'now' (ms), for "log out
 * this device" and revokeUser: takes its lock (EXCLUSIVE, waiting per the
 * store's config), and replaces a live record by a REVOKED tombstone that
 * the store keeps until the session's own deadline, removing it from its
 * user's index, so a later use of its ID is reported as TSR_WHY_REVOKED
 * on every server at once. Returns TSR_OK, TSR_ENOTFOUND (no live session
 * under 'key': unknown, already retired, or expired), TSR_EBADRECORD (the
 * stored bytes do not decode: left as they are), TSR_EINVAL, or a store
 * error (TSR_ELOCKTIMEOUT, TSR_EIO, ...), with detail in 'e'.
 */
int tsr_session_revoke(tsr_store *st, const tsr_key *key, int64_t now, tsr_error *e);

#endif
