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
#include "tessera/policy.h"
#include "tessera/record.h"
#include "tessera/store.h"

typedef struct tsr_session {
	tsr_store *store; /* borrowed */
	tsr_lock *lock;	  /* owned; NULL when CLOSED */
	tsr_lock_mode mode;
	tsr_key key;
	tsr_record record; /* owned; the record as read (or as created) */
	tsr_policy policy;
	bool is_new;	   /* created in this request, not yet stored */
	int64_t expires_at; /* store deadline as read (0 for a new session) */
} tsr_session;

/* Makes 's' a CLOSED session that owns nothing. */
void tsr_session_init(tsr_session *s);

/*
 * Opens the existing session 'sid' ('len' bytes, 'sid_bits' strength) on
 * 'st' in 'mode' under 'policy', at 'now' (ms). On TSR_OK 's' is OPEN with
 * the decoded record. TSR_ENOTFOUND means the ID must not be used: it is
 * malformed ('*why' = "malformed id", store untouched), unknown ("unknown
 * id"), or expired ("idle timeout" / "absolute timeout"; the record is
 * deleted when 'mode' holds the lock). Other codes are failures with
 * detail in 'e': TSR_ELOCKTIMEOUT, TSR_EBADRECORD (stored bytes corrupt:
 * left in place, nothing lost), TSR_EIO, TSR_EUNREACHABLE, TSR_ENOMEM.
 * 'why' may be NULL; it receives a static string.
 */
int tsr_session_open(tsr_session *s, tsr_store *st, const char *sid, size_t len,
					 unsigned sid_bits, tsr_lock_mode mode, const tsr_policy *policy, int64_t now,
					 const char **why, tsr_error *e);

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
int tsr_session_commit(tsr_session *s, const void *payload, size_t len, int64_t now,
					   tsr_error *e);

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

#endif
