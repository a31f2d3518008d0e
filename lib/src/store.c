/*
 * The store dispatcher: the one entry point to every session store.
 *
 * tsr_store_open() parses the DSN and picks the driver; every other
 * tsr_store_* function checks its arguments, clears the store's error,
 * refuses what no driver may be asked to do (a change through a READ_ONLY or
 * released lock, a key whose hex form does not match its bytes), then calls
 * the driver's op of the same name. Drivers may therefore assume valid,
 * non-NULL arguments.
 */
#include <stdlib.h>
#include <string.h>

#include "tessera/store.h"

/* The lock modes' ini spellings, indexed by tsr_lock_mode. */
static const char *const tsr_lock_mode_names[] = {
    [TSR_LOCK_EXCLUSIVE] = "exclusive",
    [TSR_LOCK_READ_ONLY] = "read_only",
    [TSR_LOCK_NONE] = "none",
};

#define TSR_LOCK_MODE_COUNT (sizeof(tsr_lock_mode_names) / sizeof(tsr_lock_mode_names[0]))

/* Returns the driver built for 'scheme', or NULL when this build has none. */
static const tsr_store_ops *store_driver(tsr_dsn_scheme scheme)
{
	switch (scheme) {
	case TSR_DSN_FILES:
		return &tsr_store_files;
	case TSR_DSN_REDIS:
	case TSR_DSN_REDIS_UNIX:
	case TSR_DSN_REDIS_CLUSTER:
		return &tsr_store_redis;
	default:
		return NULL;
	}
}

/* True when 'key' has a lower-case hex form that spells exactly its bytes. */
static bool store_key_valid(const tsr_key *key)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < TSR_KEY_LEN; i++) {
		if (key->hex[2 * i] != digits[key->bytes[i] >> 4] ||
		    key->hex[2 * i + 1] != digits[key->bytes[i] & 0x0f]) {
			return false;
		}
	}
	return key->hex[TSR_KEY_HEX_LEN] == '\0';
}

/*
 * Checks what write, touch and destroy have in common: a store, an open
 * lock handle that may still change the session. A READ_ONLY lock used with
 * TSR_RELEASE counts as released afterwards (it holds nothing). Returns
 * TSR_OK, TSR_EINVAL or TSR_EREADONLY with detail on 'st'.
 */
static int store_check_change(tsr_store *st, tsr_lock *lock, unsigned flags, unsigned allowed,
                              const char *what)
{
	if (lock == NULL) {
		return tsr_error_set(&st->error, TSR_EINVAL, "%s: no lock handle", what);
	}
	if ((flags & ~allowed) != 0) {
		return tsr_error_set(&st->error, TSR_EINVAL, "%s: unknown flags 0x%x", what,
		                     flags & ~allowed);
	}
	if (lock->released) {
		return tsr_error_set(&st->error, TSR_EINVAL, "%s: lock handle already released", what);
	}
	if (lock->mode == TSR_LOCK_READ_ONLY) {
		if (flags & TSR_RELEASE) {
			lock->released = true;
		}
		return tsr_error_set(&st->error, TSR_EREADONLY, "%s: session is open read-only", what);
	}
	return TSR_OK;
}

/*
 * Parses 'dsn_text', picks the driver for its scheme and opens it into
 * '*out' (set to NULL first; owned by the caller, freed with
 * tsr_store_close). 'config' may be NULL for the defaults; negative limits
 * are refused. Returns TSR_OK, TSR_EINVAL, TSR_EBADDSN, TSR_ENOSTORE (the
 * message names the scheme), or the driver's TSR_EUNSAFE, TSR_EIO,
 * TSR_EUNREACHABLE, TSR_ENOMEM, with detail in 'e' (may be NULL).
 */
int tsr_store_open(const char *dsn_text, const tsr_store_config *config, tsr_store **out,
                   tsr_error *e)
{
	tsr_store_config cfg = {TSR_STORE_DEFAULT_LOCK_WAIT_MS, TSR_STORE_DEFAULT_LOCK_TTL_MS};
	const tsr_store_ops *ops;
	tsr_dsn dsn;
	int rc;

	tsr_error_clear(e);
	if (out == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "store open: no output pointer");
	}
	*out = NULL;
	if (dsn_text == NULL) {
		return tsr_error_set(e, TSR_EINVAL, "store open: no DSN");
	}
	if (config != NULL) {
		if (config->lock_wait_ms < 0 || config->lock_ttl_ms < 0) {
			return tsr_error_set(e, TSR_EINVAL, "store open: negative lock limit");
		}
		cfg = *config;
	}
	rc = tsr_dsn_parse(dsn_text, &dsn, e);
	if (rc != TSR_OK) {
		return rc;
	}
	ops = store_driver(dsn.scheme);
	if (ops == NULL) {
		rc = tsr_error_set(e, TSR_ENOSTORE, "store '%s' not available in this build",
		                   tsr_dsn_scheme_name(dsn.scheme));
		goto cleanup;
	}
	rc = ops->open(&dsn, &cfg, out, e);
	if (rc != TSR_OK) {
		*out = NULL;
		goto cleanup;
	}
	(*out)->ops = ops;
	(*out)->config = cfg;
	tsr_error_clear(&(*out)->error);

cleanup:
	tsr_dsn_clear(&dsn);
	return rc;
}

/* Closes 'st' through its driver and frees it. NULL is fine. */
void tsr_store_close(tsr_store *st)
{
	if (st == NULL) {
		return;
	}
	st->ops->close(st);
}

/* Returns the name of 'st's driver ("files"), or "" for NULL. Static storage. */
const char *tsr_store_name(const tsr_store *st)
{
	if (st == NULL) {
		return "";
	}
	return st->ops->name;
}

/* Returns the detail of the last failed call on 'st' (borrowed), or NULL for NULL. */
const tsr_error *tsr_store_error(const tsr_store *st)
{
	if (st == NULL) {
		return NULL;
	}
	return &st->error;
}

/*
 * Checks the arguments and hands over to the driver's acquire: see store.h.
 * '*out', 'record' and '*expires_at' are reset first whenever they are
 * non-NULL, so a failure never leaves stale values behind. Returns
 * TSR_EINVAL for a NULL pointer, an unknown mode or an inconsistent key.
 */
int tsr_store_acquire(tsr_store *st, const tsr_key *key, tsr_lock_mode mode, tsr_lock **out,
                      tsr_bytes *record, int64_t *expires_at)
{
	if (out != NULL) {
		*out = NULL;
	}
	if (record != NULL) {
		record->data = NULL;
		record->len = 0;
	}
	if (expires_at != NULL) {
		*expires_at = 0;
	}
	if (st == NULL) {
		return TSR_EINVAL;
	}
	tsr_error_clear(&st->error);
	if (key == NULL || out == NULL || record == NULL || expires_at == NULL) {
		return tsr_error_set(&st->error, TSR_EINVAL, "acquire: NULL argument");
	}
	if ((unsigned) mode >= TSR_LOCK_MODE_COUNT) {
		return tsr_error_set(&st->error, TSR_EINVAL, "acquire: unknown lock mode %d", (int) mode);
	}
	if (!store_key_valid(key)) {
		return tsr_error_set(&st->error, TSR_EINVAL, "acquire: key hex does not match its bytes");
	}
	return st->ops->acquire(st, key, mode, out, record, expires_at);
}

/*
 * Checks the arguments and hands over to the driver's write: see store.h.
 * Returns TSR_EINVAL for NULL pointers, unknown flags, data NULL with a
 * length, a negative deadline or a released lock; TSR_EREADONLY for a
 * READ_ONLY lock.
 */
int tsr_store_write(tsr_store *st, tsr_lock *lock, const struct tsr_store_write *w)
{
	int rc;

	if (st == NULL) {
		return TSR_EINVAL;
	}
	tsr_error_clear(&st->error);
	if (w == NULL) {
		return tsr_error_set(&st->error, TSR_EINVAL, "write: NULL argument");
	}
	rc = store_check_change(st, lock, w->flags, TSR_RELEASE | TSR_WRITE_CREATE | TSR_WRITE_ENDS_ID,
	                        "write");
	if (rc != TSR_OK) {
		return rc;
	}
	if ((w->data == NULL && w->len > 0) || w->expires_at < 0) {
		return tsr_error_set(&st->error, TSR_EINVAL, "write: bad data or deadline");
	}
	return st->ops->write(st, lock, w);
}

/*
 * Checks the arguments and hands over to the driver's touch: see store.h.
 * Returns TSR_EINVAL for NULL pointers, unknown flags, a negative deadline
 * or a released lock; TSR_EREADONLY for a READ_ONLY lock.
 */
int tsr_store_touch(tsr_store *st, tsr_lock *lock, int64_t expires_at, unsigned flags)
{
	int rc;

	if (st == NULL) {
		return TSR_EINVAL;
	}
	tsr_error_clear(&st->error);
	rc = store_check_change(st, lock, flags, TSR_RELEASE, "touch");
	if (rc != TSR_OK) {
		return rc;
	}
	if (expires_at < 0) {
		return tsr_error_set(&st->error, TSR_EINVAL, "touch: negative deadline");
	}
	return st->ops->touch(st, lock, expires_at, flags);
}

/*
 * Checks the arguments and hands over to the driver's destroy: see
 * store.h. Returns TSR_EINVAL for NULL pointers, unknown flags or a
 * released lock; TSR_EREADONLY for a READ_ONLY lock.
 */
int tsr_store_destroy(tsr_store *st, tsr_lock *lock, unsigned flags)
{
	int rc;

	if (st == NULL) {
		return TSR_EINVAL;
	}
	tsr_error_clear(&st->error);
	rc = store_check_change(st, lock, flags, TSR_RELEASE, "destroy");
	if (rc != TSR_OK) {
		return rc;
	}
	return st->ops->destroy(st, lock, flags);
}

/*
 * Releases what 'lock' still holds and frees it through the driver: see
 * store.h. A NULL 'lock' is fine; a NULL 'st' with a lock is TSR_EINVAL
 * (the handle cannot be freed without its driver).
 */
int tsr_store_release(tsr_store *st, tsr_lock *lock)
{
	if (lock == NULL) {
		return TSR_OK;
	}
	if (st == NULL) {
		return TSR_EINVAL;
	}
	tsr_error_clear(&st->error);
	return st->ops->release(st, lock);
}

/*
 * Checks the arguments and hands over to the driver's gc: see store.h.
 * '*deleted' is set to 0 first. Returns TSR_EINVAL for NULL pointers.
 */
int tsr_store_gc(tsr_store *st, int64_t now, uint64_t *deleted)
{
	if (deleted != NULL) {
		*deleted = 0;
	}
	if (st == NULL) {
		return TSR_EINVAL;
	}
	tsr_error_clear(&st->error);
	if (deleted == NULL) {
		return tsr_error_set(&st->error, TSR_EINVAL, "gc: NULL argument");
	}
	return st->ops->gc(st, now, deleted);
}

/*
 * Checks the arguments and hands over to the driver's list: see store.h.
 * Returns TSR_EINVAL for a NULL store or visitor.
 */
int tsr_store_list(tsr_store *st, const char *user_id, tsr_store_visit_fn visit, void *arg)
{
	if (st == NULL) {
		return TSR_EINVAL;
	}
	tsr_error_clear(&st->error);
	if (visit == NULL) {
		return tsr_error_set(&st->error, TSR_EINVAL, "list: no visitor");
	}
	return st->ops->list(st, user_id, visit, arg);
}

/* Returns the ini spelling of 'mode', or "unknown" for a value outside the enum. Static. */
const char *tsr_lock_mode_name(tsr_lock_mode mode)
{
	if ((unsigned) mode >= TSR_LOCK_MODE_COUNT) {
		return "unknown";
	}
	return tsr_lock_mode_names[mode];
}

/*
 * Parses the ini spelling 'text' (exact, lower case) into '*out'. Returns
 * TSR_OK, or TSR_EINVAL for NULL pointers or an unknown word ('*out' left
 * unchanged).
 */
int tsr_lock_mode_parse(const char *text, tsr_lock_mode *out)
{
	size_t i;

	if (text == NULL || out == NULL) {
		return TSR_EINVAL;
	}
	for (i = 0; i < TSR_LOCK_MODE_COUNT; i++) {
		if (strcmp(text, tsr_lock_mode_names[i]) == 0) {
			*out = (tsr_lock_mode) i;
			return TSR_OK;
		}
	}
	return TSR_EINVAL;
}
