/*
 * The store interface: one API over every session store, one vtable per
 * driver (files, and later sqlite, redis, mysql, pgsql).
 *
 * A store keeps, per storage key, the encoded record bytes and a deadline
 * 'expires_at' (ms since the epoch, see policy.h). Clients use the
 * tsr_store_* functions below; each checks its arguments and dispatches to
 * the driver's tsr_store_ops.
 *
 * Lifecycle of one session within a request:
 *
 *   tsr_store_acquire(key, mode)  -> a tsr_lock (held per 'mode') and the
 *                                    record as stored now (lock + read: one
 *                                    round trip on network stores)
 *   tsr_store_write / touch / destroy (fenced by the lock; may release it in
 *                                    the same step with TSR_RELEASE)
 *   tsr_store_release(lock)       -> releases whatever is still held and
 *                                    frees the tsr_lock
 *
 * Lock modes:
 *   TSR_LOCK_EXCLUSIVE  one holder per session; waiters are woken on release
 *                       (no sleep-polling) and give up after the configured
 *                       wait limit with TSR_ELOCKTIMEOUT. A crashed holder's
 *                       lock ends with it (files) or after lock_ttl_ms.
 *   TSR_LOCK_READ_ONLY  a consistent snapshot; never waits; write, touch and
 *                       destroy are refused with TSR_EREADONLY.
 *   TSR_LOCK_NONE       no lock is held between acquire and write; each write
 *                       is still atomic (whole record, last writer wins).
 *
 * Fencing: a write, touch or destroy is applied only if the caller still
 * holds its lock (TSR_ELOCKLOST otherwise, nothing changed). A write without
 * TSR_WRITE_CREATE applies only if the record still exists: a session
 * destroyed by someone else is never written back (TSR_EGONE).
 *
 * Errors: each call returns TSR_OK or a TSR_E* code; the detail is on the
 * store's tsr_error (tsr_store_error()). Nothing here prints.
 */
#ifndef TESSERA_STORE_H
#define TESSERA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tessera/dsn.h"
#include "tessera/error.h"
#include "tessera/key.h"
#include "tessera/record.h"

typedef enum tsr_lock_mode {
	TSR_LOCK_EXCLUSIVE = 0,
	TSR_LOCK_READ_ONLY,
	TSR_LOCK_NONE,
} tsr_lock_mode;

/* Settings every driver honours. */
typedef struct tsr_store_config {
	int lock_wait_ms; /* how long acquire may wait for an exclusive lock; 0 = do not wait */
	int lock_ttl_ms;  /* lifetime of a lock on stores where a holder can vanish silently */
} tsr_store_config;

#define TSR_STORE_DEFAULT_LOCK_WAIT_MS 30000
#define TSR_STORE_DEFAULT_LOCK_TTL_MS 60000

/* Flags for write, touch and destroy. */
#define TSR_RELEASE 0x01u      /* release the lock in the same step */
#define TSR_WRITE_CREATE 0x02u /* write: the record may not exist yet (a new session) */
/*
 * write: the record written ends its session ID (a regeneration's forward,
 * a revocation's tombstone), so a store that flushes only some changes to
 * disk (files, sync=ends) flushes this one: the ID must stay dead.
 */
#define TSR_WRITE_ENDS_ID 0x04u

/*
 * One full write. All pointers are borrowed for the duration of the call.
 * Named by its struct tag only: a typedef would clash with the function
 * tsr_store_write() (one identifier namespace in C).
 */
struct tsr_store_write {
	const uint8_t *data; /* encoded record */
	size_t len;
	int64_t expires_at;  /* ms */
	const char *user_id; /* NUL-terminated, for stores that index users; NULL = none */
	unsigned flags;      /* TSR_RELEASE | TSR_WRITE_CREATE | TSR_WRITE_ENDS_ID */
};

/*
 * Called by tsr_store_list for each stored session: its key, record bytes
 * (borrowed, valid during the call) and deadline. Return 0 to go on,
 * non-zero to stop the listing (tsr_store_list then returns TSR_OK).
 */
typedef int (*tsr_store_visit_fn)(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                                  int64_t expires_at);

typedef struct tsr_store tsr_store;
typedef struct tsr_lock tsr_lock;
typedef struct tsr_store_ops tsr_store_ops;

/* The part of every driver's store handle that the dispatcher uses. Drivers embed it first. */
struct tsr_store {
	const tsr_store_ops *ops;
	tsr_store_config config;
	tsr_error error;
};

/* The part of every driver's lock handle that the dispatcher uses. Drivers embed it first. */
struct tsr_lock {
	tsr_key key;
	tsr_lock_mode mode;
	bool held;     /* the driver still holds a lock for this handle */
	bool released; /* TSR_RELEASE or release() ran: no further write/touch/destroy */
};

/*
 * A driver. Each op has the contract of the tsr_store_* function of the
 * same name; the dispatcher has already checked that pointers are non-NULL,
 * that the lock belongs to an open handle, and that a READ_ONLY or released
 * lock is not used to change anything.
 */
struct tsr_store_ops {
	const char *name;
	int (*open)(const tsr_dsn *dsn, const tsr_store_config *config, tsr_store **out, tsr_error *e);
	void (*close)(tsr_store *st);
	int (*acquire)(tsr_store *st, const tsr_key *key, tsr_lock_mode mode, tsr_lock **out,
	               tsr_bytes *record, int64_t *expires_at);
	int (*write)(tsr_store *st, tsr_lock *lock, const struct tsr_store_write *w);
	int (*touch)(tsr_store *st, tsr_lock *lock, int64_t expires_at, unsigned flags);
	int (*destroy)(tsr_store *st, tsr_lock *lock, unsigned flags);
	int (*release)(tsr_store *st, tsr_lock *lock);
	int (*gc)(tsr_store *st, int64_t now, uint64_t *deleted);
	int (*list)(tsr_store *st, const char *user_id, tsr_store_visit_fn visit, void *arg);
};

/*
 * Parses 'dsn_text', picks the driver and opens it into '*out' (owned by
 * the caller, freed with tsr_store_close). 'config' may be NULL for the
 * defaults. Returns TSR_OK, TSR_EBADDSN, TSR_ENOSTORE ("store 'redis' not
 * available in this build"), TSR_EUNSAFE, TSR_EIO, TSR_EUNREACHABLE or
 * TSR_ENOMEM, with detail in 'e'.
 */
int tsr_store_open(const char *dsn_text, const tsr_store_config *config, tsr_store **out,
                   tsr_error *e);

/* Closes 'st' and frees it. Locks still held through it must be released first. NULL is fine. */
void tsr_store_close(tsr_store *st);

/* Returns the driver name ("files"). */
const char *tsr_store_name(const tsr_store *st);

/* Returns the detail of the last failed call on 'st'. Borrowed. */
const tsr_error *tsr_store_error(const tsr_store *st);

/*
 * Locks the session 'key' per 'mode' and reads it. On TSR_OK, '*out' is a
 * new lock handle (released and freed only by tsr_store_release), 'record'
 * holds a copy of the stored bytes (owned by the caller; anything it held
 * before is not freed) and '*expires_at' the store's deadline. On
 * TSR_ENOTFOUND there is no record: '*out' is still a valid handle (holding
 * the lock in EXCLUSIVE mode, so the caller can create the session) and
 * 'record' is empty. On any other code nothing is held and '*out' is NULL:
 * TSR_ELOCKTIMEOUT, TSR_EUNSAFE, TSR_EIO, TSR_EUNREACHABLE, TSR_ENOMEM.
 */
int tsr_store_acquire(tsr_store *st, const tsr_key *key, tsr_lock_mode mode, tsr_lock **out,
                      tsr_bytes *record, int64_t *expires_at);

/*
 * Replaces the record of 'lock's session with 'w'. Returns TSR_OK,
 * TSR_EREADONLY, TSR_ELOCKLOST, TSR_EGONE (no record and no
 * TSR_WRITE_CREATE), TSR_EIO, TSR_EUNREACHABLE. With TSR_RELEASE the lock
 * is released whatever the outcome.
 */
int tsr_store_write(tsr_store *st, tsr_lock *lock, const struct tsr_store_write *w);

/*
 * Moves the deadline of 'lock's existing record to 'expires_at' without
 * rewriting it (lazy write). Returns TSR_OK, TSR_EREADONLY, TSR_ELOCKLOST,
 * TSR_EGONE, TSR_EIO, TSR_EUNREACHABLE. With TSR_RELEASE (in 'flags') the
 * lock is released whatever the outcome.
 */
int tsr_store_touch(tsr_store *st, tsr_lock *lock, int64_t expires_at, unsigned flags);

/*
 * Deletes 'lock's session for good. Returns TSR_OK (also when it was
 * already gone), TSR_EREADONLY, TSR_ELOCKLOST, TSR_EIO, TSR_EUNREACHABLE.
 * With TSR_RELEASE the lock is released whatever the outcome.
 */
int tsr_store_destroy(tsr_store *st, tsr_lock *lock, unsigned flags);

/*
 * Releases what 'lock' still holds and frees it. Never releases a lock
 * another holder has since taken. Returns TSR_OK or the release error
 * (the handle is freed either way). NULL is fine.
 */
int tsr_store_release(tsr_store *st, tsr_lock *lock);

/*
 * Deletes every session whose deadline is <= 'now' (ms) and any leftovers
 * (lock files of vanished sessions, temp files of crashed writers), never
 * touching a session that is locked right now. Stores the number of
 * sessions deleted in '*deleted'. Returns TSR_OK or the first error.
 */
int tsr_store_gc(tsr_store *st, int64_t now, uint64_t *deleted);

/*
 * Calls 'visit' for each stored session, or, when 'user_id' is non-NULL,
 * for each session bound to that user. Takes no session lock. Returns TSR_OK
 * or the first error.
 */
int tsr_store_list(tsr_store *st, const char *user_id, tsr_store_visit_fn visit, void *arg);

/* Returns the lock mode's ini spelling ("exclusive", "read_only", "none"). Static. */
const char *tsr_lock_mode_name(tsr_lock_mode mode);

/* Parses an ini spelling into '*out'. Returns TSR_OK or TSR_EINVAL. */
int tsr_lock_mode_parse(const char *text, tsr_lock_mode *out);

/* The drivers built into this library. */
extern const tsr_store_ops tsr_store_files;
extern const tsr_store_ops tsr_store_redis;

#endif
