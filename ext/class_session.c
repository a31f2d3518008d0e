/*
 * class_session.c: Tessera\Session, one session as a request sees it:
 * data with dot notation, flash data, atomic updates, and the lock-mode
 * dependent ways of writing it back (php_tessera_session_save).
 *
 * STATES (php_tessera_session_state) and who moves between them:
 *
 *   OPEN       made by SessionManager::start(); 'sess' is OPEN in the
 *              store mode of the lock mode (Exclusive: EXCLUSIVE, ReadOnly:
 *              READ_ONLY, OnWrite and None: NONE; a new session always
 *              EXCLUSIVE, since nobody else can know its ID yet)
 *   OPEN       --lock()/upgrade----> OPEN, 'sess' EXCLUSIVE, mode Exclusive
 *   OPEN       --commit()----------> COMMITTED ('sess' CLOSED)
 *   OPEN       --destroy()---------> DESTROYED ('sess' CLOSED, data empty)
 *   OPEN       --a failed re-read or regenerate--> LOST ('sess' CLOSED)
 *
 * Reads (get, all, getFlash, id, ...) work in every state; changes need
 * OPEN (InvalidSessionException otherwise) and a mode other than ReadOnly
 * (ReadOnlyException).
 *
 * DATA. 'data' is the array the request sees, 'base' the array as read.
 * Every change is applied to 'data' at once; under OnWrite (while 'sess'
 * holds no lock) it is also appended to 'log' and replayed at commit on the
 * record as stored then (ops.c). Flash data: 'flash_in' is what the
 * previous request flashed, 'flash_now' what now() set, 'flash_out' what
 * goes to the next request (flash(), reflash(), keep()).
 *
 * free_obj releases the lock first (tsr_session_close: nothing written),
 * through the session's own reference to the store.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"

#include "tessera/csrf.h"
#include "tessera/policy.h"
#include "tessera/session.h"
#include "tessera/sid.h"
#include "tessera_classes.h"

static zend_object_handlers session_handlers;

/*
 * The arrays a Session owns (see DATA above), listed once so that creating,
 * freeing, resetting and the GC walk cannot miss one.
 */
static const size_t session_array_offsets[] = {
    XtOffsetOf(php_tessera_session_obj, data),
    XtOffsetOf(php_tessera_session_obj, base),
    XtOffsetOf(php_tessera_session_obj, flash_in),
    XtOffsetOf(php_tessera_session_obj, flash_now),
    XtOffsetOf(php_tessera_session_obj, flash_out),
    XtOffsetOf(php_tessera_session_obj, flash_carry),
};

#define SESSION_ARRAYS (sizeof(session_array_offsets) / sizeof(session_array_offsets[0]))

/* The array number 'i' (below SESSION_ARRAYS) of 'so'. */
static zval *session_array(php_tessera_session_obj *so, size_t i)
{
	return (zval *) ((char *) so + session_array_offsets[i]);
}

static zend_object *session_create(zend_class_entry *ce)
{
	php_tessera_session_obj *so = zend_object_alloc(sizeof(php_tessera_session_obj), ce);
	size_t i;

	/* All but 'std' starts zeroed: NULL strings and objects, false flags, an empty log. */
	memset(so, 0, XtOffsetOf(php_tessera_session_obj, std));
	zend_object_std_init(&so->std, ce);
	object_properties_init(&so->std, ce);
	so->std.handlers = &session_handlers;
	tsr_session_init(&so->sess);
	so->state = PHP_TESSERA_SESSION_LOST;
	so->mode = PHP_TESSERA_MODE_EXCLUSIVE;
	for (i = 0; i < SESSION_ARRAYS; i++) {
		ZVAL_EMPTY_ARRAY(session_array(so, i));
	}
	return &so->std;
}

/* Sets the array zval 'zv' to a new empty array, freeing what it held. */
static void session_reset_array(zval *zv)
{
	zval_ptr_dtor(zv);
	ZVAL_EMPTY_ARRAY(zv);
}

/* Releases the bound user ID of 'so', if any (the record keeps its own). */
static void session_drop_user(php_tessera_session_obj *so)
{
	if (so->user) {
		zend_string_release(so->user);
		so->user = NULL;
	}
}

static void session_free(zend_object *obj)
{
	php_tessera_session_obj *so = php_tessera_session_from_obj(obj);
	size_t i;

	/* The lock first, while the store is surely open (our own reference). */
	tsr_session_close(&so->sess);
	php_tessera_store_ref_put(so->ref);
	so->ref = NULL;
	for (i = 0; i < SESSION_ARRAYS; i++) {
		zval_ptr_dtor(session_array(so, i));
	}
	php_tessera_oplog_clear(&so->log);
	if (so->id) {
		zend_string_release(so->id);
	}
	if (so->cookie_in) {
		zend_string_release(so->cookie_in);
	}
	session_drop_user(so);
	ZEND_SECURE_ZERO(&so->profile, sizeof(so->profile));
	if (so->manager) {
		OBJ_RELEASE(so->manager);
		so->manager = NULL;
	}
	zend_object_std_dtor(obj);
}

static HashTable *session_get_gc(zend_object *obj, zval **table, int *n)
{
	php_tessera_session_obj *so = php_tessera_session_from_obj(obj);
	zend_get_gc_buffer *buf = zend_get_gc_buffer_create();
	size_t i;

	for (i = 0; i < SESSION_ARRAYS; i++) {
		zend_get_gc_buffer_add_zval(buf, session_array(so, i));
	}
	php_tessera_oplog_gc(&so->log, buf);
	if (so->manager) {
		zend_get_gc_buffer_add_obj(buf, so->manager);
	}
	zend_get_gc_buffer_use(buf, table, n);
	return zend_std_get_properties(obj);
}

/* Registers the handlers of Tessera\Session: not clonable (the stub makes it not serializable). */
void php_tessera_session_minit(void)
{
	tessera_ce_Session->create_object = session_create;
	memcpy(&session_handlers, zend_get_std_object_handlers(), sizeof(session_handlers));
	session_handlers.offset = XtOffsetOf(php_tessera_session_obj, std);
	session_handlers.free_obj = session_free;
	session_handlers.get_gc = session_get_gc;
	session_handlers.clone_obj = NULL;
}

static php_tessera_manager_obj *session_manager(const php_tessera_session_obj *so)
{
	return php_tessera_manager_from_obj(so->manager);
}

/* Makes 'rv' a new Session of 'manager' in 'mode' (see tessera_classes.h). */
php_tessera_session_obj *php_tessera_session_new(zval *rv, zend_object *manager,
                                                 php_tessera_mode mode)
{
	php_tessera_session_obj *so;

	object_init_ex(rv, tessera_ce_Session);
	so = php_tessera_session_from_obj(Z_OBJ_P(rv));
	GC_ADDREF(manager);
	so->manager = manager;
	so->ref = php_tessera_store_ref_get(php_tessera_manager_from_obj(manager)->ref);
	so->mode = mode;
	so->state = PHP_TESSERA_SESSION_OPEN;
	return so;
}

/* Closes 'sess' and marks 'so' LOST: nothing more can be saved. */
static void session_lose(php_tessera_session_obj *so)
{
	tsr_session_close(&so->sess);
	php_tessera_oplog_clear(&so->log);
	so->state = PHP_TESSERA_SESSION_LOST;
}

/* Takes the current ID of the OPEN 'sess' into so->id. */
static void session_take_id(php_tessera_session_obj *so)
{
	size_t len = 0;
	const char *sid = tsr_session_id(&so->sess, &len);

	if (sid == NULL) {
		return;
	}
	if (so->id && zend_string_equals_cstr(so->id, sid, len)) {
		return;
	}
	if (so->id) {
		zend_string_release(so->id);
	}
	so->id = zend_string_init(sid, len, 0);
}

/* Decodes the payload and flash of the record of the OPEN 'sess' into 'data' and 'flash'. */
static bool session_decode(php_tessera_session_obj *so, zval *data, zval *flash)
{
	const tsr_record *rec = &so->sess.record;

	ZVAL_UNDEF(flash);
	if (!php_tessera_unserialize(data, rec->payload.data, rec->payload.len)) {
		zval_ptr_dtor(data);
		ZVAL_UNDEF(data);
		zend_throw_exception(tessera_ce_StoreException,
		                     "stored session data is not a serialized array (written by another "
		                     "serialize_handler?); it was left in place",
		                     TSR_EBADRECORD);
		return false;
	}
	if (!php_tessera_unserialize(flash, rec->flash.data, rec->flash.len)) {
		zval_ptr_dtor(data);
		ZVAL_UNDEF(data);
		zval_ptr_dtor(flash);
		ZVAL_UNDEF(flash);
		zend_throw_exception(tessera_ce_StoreException,
		                     "stored flash data is not a serialized array; it was left in place",
		                     TSR_EBADRECORD);
		return false;
	}
	return true;
}

/* Reads the user ID of the OPEN 'sess' into so->user (NULL when unbound). */
static void session_take_user(php_tessera_session_obj *so)
{
	const tsr_bytes *u = &so->sess.record.user_id;

	session_drop_user(so);
	if (u->len > 0) {
		so->user = zend_string_init((const char *) u->data, u->len, 0);
	}
}

/* Loads data and flash from the record of the OPEN 'sess' (after open or create). */
bool php_tessera_session_load(php_tessera_session_obj *so)
{
	zval data, flash;

	if (!session_decode(so, &data, &flash)) {
		session_lose(so);
		return false;
	}
	zval_ptr_dtor(&so->data);
	ZVAL_COPY_VALUE(&so->data, &data);
	zval_ptr_dtor(&so->base);
	ZVAL_COPY(&so->base, &so->data);
	zval_ptr_dtor(&so->flash_in);
	ZVAL_COPY_VALUE(&so->flash_in, &flash);
	so->is_new = so->sess.is_new;
	session_take_id(so);
	session_take_user(so);
	return true;
}

/* ---- checks ---------------------------------------------------------------------- */

/* True when 'so' can still change (state OPEN); else InvalidSessionException. */
static bool session_check_open(php_tessera_session_obj *so)
{
	switch (so->state) {
	case PHP_TESSERA_SESSION_OPEN:
		return true;
	case PHP_TESSERA_SESSION_COMMITTED:
		zend_throw_exception(tessera_ce_InvalidSessionException,
		                     "the session was committed; start a new one to change it", 0);
		break;
	case PHP_TESSERA_SESSION_DESTROYED:
		zend_throw_exception(tessera_ce_InvalidSessionException, "the session was destroyed", 0);
		break;
	case PHP_TESSERA_SESSION_LOST:
		zend_throw_exception(tessera_ce_InvalidSessionException,
		                     "the session was lost after a failure; start a new one", 0);
		break;
	}
	return false;
}

/* True when 'so' is OPEN and not read-only; else the exception that says why not. */
static bool session_check_writable(php_tessera_session_obj *so)
{
	if (!session_check_open(so)) {
		return false;
	}
	if (so->mode == PHP_TESSERA_MODE_READ_ONLY) {
		zend_throw_exception(tessera_ce_ReadOnlyException,
		                     "the session is open read-only (LockMode::ReadOnly); call lock() "
		                     "before changing it",
		                     TSR_EREADONLY);
		return false;
	}
	return true;
}

/* True when changes must be logged for a replay at commit (OnWrite without the lock yet). */
static bool session_logging(const php_tessera_session_obj *so)
{
	return so->mode == PHP_TESSERA_MODE_ON_WRITE && so->sess.mode != TSR_LOCK_EXCLUSIVE;
}

/* Checks a flash key: a non-empty string (flash keys are not paths). */
static bool session_flash_key_valid(const zend_string *key, uint32_t arg)
{
	if (ZSTR_LEN(key) == 0) {
		zend_argument_value_error(arg, "must not be empty");
		return false;
	}
	return true;
}

/* ---- re-reading under the exclusive lock ----------------------------------------- */

/* Re-runs the profile bookkeeping of start() on the re-read record. */
static bool session_replay_profile(php_tessera_session_obj *so)
{
	const tsr_profile_policy *fp = &session_manager(so)->opts.fp;
	tsr_profile_verdict verdict;
	tsr_error err;
	int rc;

	if (!so->has_profile) {
		return true;
	}
	tsr_error_clear(&err);
	rc = tsr_session_profile_check(&so->sess, fp, &so->profile, &verdict, &err);
	if (rc == TSR_OK && verdict == TSR_PROFILE_CHANGED) {
		/* Accepted when this request started; another request changed the list since. */
		rc = tsr_session_profile_accept(&so->sess, &so->profile, 0, &err);
	}
	if (rc != TSR_OK) {
		php_tessera_throw("cannot update the session's profiles", rc, &err);
		return false;
	}
	return true;
}

/*
 * Takes the exclusive lock of an OPEN session opened without it, re-reads
 * the record and replays this request's changes on it (see
 * tessera_classes.h). When the session ended meanwhile (destroyed,
 * revoked, expired) it is LOST: InvalidSessionException. When the lock
 * cannot be had within the wait limit, the session stays OPEN as it was
 * (LockTimeoutException), so the request can go on without it.
 */
bool php_tessera_session_upgrade(php_tessera_session_obj *so)
{
	php_tessera_manager_obj *mo = session_manager(so);
	char sid[TSR_SID_MAX_LEN + 1];
	tsr_lock_mode old_mode = so->sess.mode;
	const char *why = NULL;
	size_t sid_len = 0;
	unsigned sid_bits;
	zval cur, flash;
	tsr_policy policy;
	tsr_error err;
	int rc;

	if (!session_check_open(so)) {
		return false;
	}
	if (so->sess.mode == TSR_LOCK_EXCLUSIVE) {
		so->mode = PHP_TESSERA_MODE_EXCLUSIVE;
		return true;
	}
	memcpy(sid, so->sess.sid, so->sess.sid_len);
	sid[so->sess.sid_len] = '\0';
	sid_len = so->sess.sid_len;
	sid_bits = so->sess.sid_bits;
	policy = so->sess.policy;
	tsr_session_close(&so->sess);

	tsr_error_clear(&err);
	rc = tsr_session_open(&so->sess, so->ref->st, sid, sid_len, sid_bits, TSR_LOCK_EXCLUSIVE,
	                      &policy, tsr_clock_now_ms(), &why, &err);
	if (rc == TSR_ELOCKTIMEOUT) {
		tsr_error keep = err;

		/* Go back to the lock-free handle we had: the request may continue without the lock. */
		rc = tsr_session_open(&so->sess, so->ref->st, sid, sid_len, sid_bits, old_mode, &policy,
		                      tsr_clock_now_ms(), NULL, &err);
		ZEND_SECURE_ZERO(sid, sizeof(sid));
		if (rc != TSR_OK) {
			session_lose(so);
		}
		zend_throw_exception_ex(tessera_ce_LockTimeoutException, TSR_ELOCKTIMEOUT,
		                        "lock wait limit of %g s reached: %s",
		                        mo->opts.lock_wait_ms / 1000.0,
		                        keep.errstr[0] ? keep.errstr : tsr_strerror(TSR_ELOCKTIMEOUT));
		return false;
	}
	ZEND_SECURE_ZERO(sid, sizeof(sid));
	if (rc == TSR_ENOTFOUND) {
		session_lose(so);
		so->gone = true;
		zend_throw_exception_ex(tessera_ce_InvalidSessionException, TSR_EGONE,
		                        "the session ended in another request (%s); this request's "
		                        "changes were not saved",
		                        why ? why : "unknown id");
		return false;
	}
	if (rc != TSR_OK) {
		session_lose(so);
		php_tessera_throw("cannot lock the session", rc, &err);
		return false;
	}
	if (so->sess.forwarded) {
		session_take_id(so); /* regenerated by another request meanwhile: follow it */
	}
	if (!session_decode(so, &cur, &flash)) {
		session_lose(so);
		return false;
	}
	/* Flash data others stored after our read is kept; what we read is consumed at commit. */
	zval_ptr_dtor(&so->flash_carry);
	{
		zval empty;

		ZVAL_EMPTY_ARRAY(&empty);
		php_tessera_flash_merge(&so->flash_carry, &flash, &so->flash_in, &empty);
	}
	zval_ptr_dtor(&flash);

	zval_ptr_dtor(&so->base);
	ZVAL_COPY(&so->base, &cur);
	php_tessera_oplog_replay(&so->log, &cur);
	if (so->log.count > 0) {
		so->changed = true;
	}
	php_tessera_oplog_clear(&so->log);
	zval_ptr_dtor(&so->data);
	ZVAL_COPY_VALUE(&so->data, &cur);
	if (!so->user_pending) {
		session_take_user(so);
	}
	if (!session_replay_profile(so)) {
		session_lose(so);
		return false;
	}
	so->mode = PHP_TESSERA_MODE_EXCLUSIVE;
	return true;
}

/* ---- commit ---------------------------------------------------------------------- */

/* True when a new session has nothing worth storing (no data, flash, user or CSRF secret). */
static bool session_new_and_empty(const php_tessera_session_obj *so, zval *flash)
{
	return so->is_new && zend_hash_num_elements(Z_ARRVAL(so->data)) == 0 &&
	       zend_hash_num_elements(Z_ARRVAL_P(flash)) == 0 && so->user == NULL &&
	       so->sess.record.csrf_secret.len == 0;
}

/* Puts 'flash' (an array; empty = none) into the record, marking it dirty when it changes. */
static bool session_store_flash(php_tessera_session_obj *so, zval *flash)
{
	tsr_bytes *f = &so->sess.record.flash;
	zend_string *bytes = NULL;
	bool same;

	if (zend_hash_num_elements(Z_ARRVAL_P(flash)) > 0) {
		bytes = php_tessera_serialize(flash);
		if (bytes == NULL) {
			return false;
		}
	}
	same = bytes ? (f->len == ZSTR_LEN(bytes) && memcmp(f->data, ZSTR_VAL(bytes), f->len) == 0)
	             : f->len == 0;
	if (!same) {
		int rc = bytes ? tsr_bytes_set(f, ZSTR_VAL(bytes), ZSTR_LEN(bytes)) : TSR_OK;

		if (!bytes) {
			tsr_bytes_free(f);
		}
		if (rc != TSR_OK) {
			zend_string_release(bytes);
			zend_throw_error(NULL, "out of memory");
			return false;
		}
		so->sess.dirty = true;
	}
	if (bytes) {
		zend_string_release(bytes);
	}
	return true;
}

/* OnWrite commit of a request that changed nothing: only move the deadline, without a lock. */
static bool session_untouched(const php_tessera_session_obj *so)
{
	return so->log.count == 0 && !so->changed &&
	       zend_hash_num_elements(Z_ARRVAL(so->flash_in)) == 0 &&
	       zend_hash_num_elements(Z_ARRVAL(so->flash_out)) == 0 && !so->user_pending &&
	       !so->sess.dirty && so->sess.record.idle_timeout == so->sess.policy.idle_timeout;
}

/*
 * Writes the session per its mode and closes it (see tessera_classes.h).
 * ReadOnly writes nothing (not even the deadline, as in drop-in mode).
 * OnWrite without changes only touches; with changes it takes the lock,
 * re-reads and replays (php_tessera_session_upgrade), then writes like
 * Exclusive. Exclusive and None write the data as this request sees it.
 */
int php_tessera_session_save(php_tessera_session_obj *so, bool *stored, tsr_error *e)
{
	const tsr_record *rec = &so->sess.record;
	int64_t now = tsr_clock_now_ms();
	zend_string *payload = NULL;
	zval flash;
	int rc;

	*stored = false;
	if (!session_check_open(so)) {
		return PHP_TESSERA_THROWN;
	}
	if (so->sess.mode == TSR_LOCK_READ_ONLY) {
		*stored = !so->is_new;
		tsr_session_close(&so->sess);
		so->state = PHP_TESSERA_SESSION_COMMITTED;
		return TSR_OK;
	}
	if (so->mode == PHP_TESSERA_MODE_ON_WRITE && so->sess.mode != TSR_LOCK_EXCLUSIVE) {
		if (session_untouched(so)) {
			rc = tsr_session_commit(&so->sess, rec->payload.data, rec->payload.len, now, e);
			so->state = PHP_TESSERA_SESSION_COMMITTED;
			if (rc == TSR_EGONE) {
				so->gone = true; /* ended by another request; nothing of ours was lost */
				return TSR_OK;
			}
			*stored = rc == TSR_OK;
			return rc;
		}
		if (!php_tessera_session_upgrade(so)) {
			return PHP_TESSERA_THROWN;
		}
	}

	/* Flash for the next request: what others stored meanwhile, then ours. */
	array_init(&flash);
	zend_hash_copy(Z_ARRVAL(flash), Z_ARRVAL(so->flash_carry), zval_add_ref);
	zend_hash_merge(Z_ARRVAL(flash), Z_ARRVAL(so->flash_out), zval_add_ref, 1);

	if (session_new_and_empty(so, &flash)) {
		zval_ptr_dtor(&flash);
		tsr_session_close(&so->sess);
		so->state = PHP_TESSERA_SESSION_COMMITTED;
		return TSR_OK;
	}
	if (!session_store_flash(so, &flash)) {
		zval_ptr_dtor(&flash);
		session_lose(so);
		return PHP_TESSERA_THROWN;
	}
	zval_ptr_dtor(&flash);

	if (so->user_pending && so->user) {
		rc = tsr_session_bind_user(&so->sess, ZSTR_VAL(so->user), ZSTR_LEN(so->user), e);
		if (rc != TSR_OK) {
			session_lose(so);
			return rc;
		}
	}
	if (so->changed || so->is_new) {
		payload = php_tessera_serialize(&so->data);
		if (payload == NULL) {
			session_lose(so);
			return PHP_TESSERA_THROWN;
		}
		rc = tsr_session_commit(&so->sess, ZSTR_VAL(payload), ZSTR_LEN(payload), now, e);
		zend_string_release(payload);
	} else {
		/* Unchanged: hand back the bytes as read, so that only the deadline moves. */
		rc = tsr_session_commit(&so->sess, rec->payload.data, rec->payload.len, now, e);
	}
	so->state = rc == TSR_OK ? PHP_TESSERA_SESSION_COMMITTED : PHP_TESSERA_SESSION_LOST;
	php_tessera_oplog_clear(&so->log);
	*stored = rc == TSR_OK;
	return rc;
}

/* ---- PHP methods ----------------------------------------------------------------- */

#define SESSION_THIS() php_tessera_session_from_obj(Z_OBJ_P(ZEND_THIS))

/* Private: a Session is made by SessionManager::start(). */
PHP_METHOD(Tessera_Session, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

/* Session::id(): string — the session's ID (the new one after a forward or regenerate()). */
PHP_METHOD(Tessera_Session, id)
{
	php_tessera_session_obj *so = SESSION_THIS();

	ZEND_PARSE_PARAMETERS_NONE();
	if (so->id == NULL) {
		zend_throw_error(NULL, "Tessera\\Session is not initialised; use SessionManager::start()");
		RETURN_THROWS();
	}
	RETURN_STR_COPY(so->id);
}

/* Session::isNew(): bool */
PHP_METHOD(Tessera_Session, isNew)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_BOOL(SESSION_THIS()->is_new);
}

/* Session::lockMode(): LockMode — the mode now (Exclusive after lock()). */
PHP_METHOD(Tessera_Session, lockMode)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_OBJ_COPY(php_tessera_mode_to_enum(SESSION_THIS()->mode));
}

/* The visible flash value of 'key': this request's flash(), then now(), then the previous
 * request's. */
static zval *session_flash_find(php_tessera_session_obj *so, zend_string *key)
{
	zval *found = zend_symtable_find(Z_ARRVAL(so->flash_out), key);

	if (found == NULL) {
		found = zend_symtable_find(Z_ARRVAL(so->flash_now), key);
	}
	if (found == NULL) {
		found = zend_symtable_find(Z_ARRVAL(so->flash_in), key);
	}
	return found;
}

/*
 * get() and getFlash(): parses (string $key, mixed $default = null) and
 * returns the value under $key, else $default. Without 'flash' $key is a
 * path into the data (a malformed path is a ValueError); with it, a flash
 * key (session_flash_find).
 */
static void session_get_or_default(INTERNAL_FUNCTION_PARAMETERS, bool flash)
{
	php_tessera_session_obj *so = SESSION_THIS();
	zval *def = NULL, *found;
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 2)
	Z_PARAM_STR(key)
	Z_PARAM_OPTIONAL
	Z_PARAM_ZVAL(def)
	ZEND_PARSE_PARAMETERS_END();

	if (flash) {
		found = session_flash_find(so, key);
	} else if (php_tessera_path_valid(key, 1)) {
		found = php_tessera_path_find(&so->data, key);
	} else {
		RETURN_THROWS();
	}
	if (found) {
		RETURN_COPY_DEREF(found);
	}
	if (def) {
		RETURN_COPY_DEREF(def);
	}
	RETURN_NULL();
}

/* Session::get(string $key, mixed $default = null): mixed */
PHP_METHOD(Tessera_Session, get)
{
	session_get_or_default(INTERNAL_FUNCTION_PARAM_PASSTHRU, false);
}

/* Runs one change 'kind' from a method: checks, applies strictly, logs under OnWrite. */
static bool session_change(php_tessera_session_obj *so, php_tessera_op_kind kind, zend_string *key,
                           zval *value, zval *result)
{
	if (!php_tessera_path_valid(key, 1) || !session_check_writable(so)) {
		return false;
	}
	if (!php_tessera_op_apply(&so->data, kind, key, value, true, result)) {
		return false;
	}
	if (session_logging(so)) {
		php_tessera_oplog_add(&so->log, kind, key, value);
	}
	so->changed = true;
	return true;
}

/* Puts a copy of 'value' under 'key' in the array 'arr' (separating it). */
static void session_array_put(zval *arr, zend_string *key, zval *value)
{
	zval copy;

	SEPARATE_ARRAY(arr);
	ZVAL_COPY_DEREF(&copy, value);
	zend_symtable_update(Z_ARRVAL_P(arr), key, &copy);
}

/* Removes 'key' from the array 'arr' when present. */
static void session_array_del(zval *arr, zend_string *key)
{
	if (zend_symtable_find(Z_ARRVAL_P(arr), key) != NULL) {
		SEPARATE_ARRAY(arr);
		zend_symtable_del(Z_ARRVAL_P(arr), key);
	}
}

/*
 * flash() ('next' true: for the next request, so a change that needs write
 * access) and now() ('next' false: this request only, stores nothing, so
 * an open session is enough): puts a copy of 'value' under the flash key
 * 'key' and takes 'key' out of the other of the two. False when it threw.
 */
static bool session_flash_put(php_tessera_session_obj *so, zend_string *key, zval *value, bool next)
{
	zval *into = next ? &so->flash_out : &so->flash_now;
	zval *other = next ? &so->flash_now : &so->flash_out;

	if (!session_flash_key_valid(key, 1) ||
	    !(next ? session_check_writable(so) : session_check_open(so))) {
		return false;
	}
	session_array_put(into, key, value);
	session_array_del(other, key);
	return true;
}

/* What a (string $key, mixed $value) method does with its arguments (session_put). */
typedef enum session_put_kind {
	SESSION_PUT_SET,   /* set(): a change of the data */
	SESSION_PUT_PUSH,  /* push(): a change of the data that returns the list's new length */
	SESSION_PUT_FLASH, /* flash(): flash data for this and the next request */
	SESSION_PUT_NOW,   /* now(): flash data for this request only */
} session_put_kind;

/* set(), push(), flash() and now(): parses (string $key, mixed $value) and does 'what'. */
static void session_put(INTERNAL_FUNCTION_PARAMETERS, session_put_kind what)
{
	php_tessera_session_obj *so = SESSION_THIS();
	zend_string *key;
	zval *value;
	bool ok = false;

	ZEND_PARSE_PARAMETERS_START(2, 2)
	Z_PARAM_STR(key)
	Z_PARAM_ZVAL(value)
	ZEND_PARSE_PARAMETERS_END();

	switch (what) {
	case SESSION_PUT_SET:
		ok = session_change(so, PHP_TESSERA_OP_SET, key, value, NULL);
		break;
	case SESSION_PUT_PUSH:
		ok = session_change(so, PHP_TESSERA_OP_PUSH, key, value, return_value);
		break;
	case SESSION_PUT_FLASH:
	case SESSION_PUT_NOW:
		ok = session_flash_put(so, key, value, what == SESSION_PUT_FLASH);
		break;
	}
	if (!ok) {
		RETURN_THROWS();
	}
}

/* Session::set(string $key, mixed $value): void */
PHP_METHOD(Tessera_Session, set)
{
	session_put(INTERNAL_FUNCTION_PARAM_PASSTHRU, SESSION_PUT_SET);
}

/* Session::has(string $key): bool — true when the path exists (also holding null). */
PHP_METHOD(Tessera_Session, has)
{
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();

	if (!php_tessera_path_valid(key, 1)) {
		RETURN_THROWS();
	}
	RETURN_BOOL(php_tessera_path_find(&SESSION_THIS()->data, key) != NULL);
}

/* Session::forget(string $key): void */
PHP_METHOD(Tessera_Session, forget)
{
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();

	if (!session_change(SESSION_THIS(), PHP_TESSERA_OP_FORGET, key, NULL, NULL)) {
		RETURN_THROWS();
	}
}

/* Session::all(): array */
PHP_METHOD(Tessera_Session, all)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_COPY(&SESSION_THIS()->data);
}

/* Session::flash(string $key, mixed $value): void — visible now and in the next request. */
PHP_METHOD(Tessera_Session, flash)
{
	session_put(INTERNAL_FUNCTION_PARAM_PASSTHRU, SESSION_PUT_FLASH);
}

/* Session::now(string $key, mixed $value): void — this request only; stores nothing. */
PHP_METHOD(Tessera_Session, now)
{
	session_put(INTERNAL_FUNCTION_PARAM_PASSTHRU, SESSION_PUT_NOW);
}

/* Session::getFlash(string $key, mixed $default = null): mixed */
PHP_METHOD(Tessera_Session, getFlash)
{
	session_get_or_default(INTERNAL_FUNCTION_PARAM_PASSTHRU, true);
}

/* Session::reflash(): void — every visible flash value goes to the next request too. */
PHP_METHOD(Tessera_Session, reflash)
{
	php_tessera_session_obj *so = SESSION_THIS();
	zend_string *key;
	zend_ulong idx;
	zval *val;
	int pass;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!session_check_writable(so)) {
		RETURN_THROWS();
	}
	for (pass = 0; pass < 2; pass++) {
		zval *from = pass == 0 ? &so->flash_now : &so->flash_in;

		ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(from), idx, key, val)
		{
			zend_string *k = key ? zend_string_copy(key) : zend_long_to_str((zend_long) idx);

			if (zend_symtable_find(Z_ARRVAL(so->flash_out), k) == NULL) {
				session_array_put(&so->flash_out, k, val);
			}
			zend_string_release(k);
		}
		ZEND_HASH_FOREACH_END();
	}
}

/* Session::keep(string ...$keys): void — the named flash values go to the next request too. */
PHP_METHOD(Tessera_Session, keep)
{
	php_tessera_session_obj *so = SESSION_THIS();
	zval *keys = NULL;
	uint32_t i, n = 0;

	ZEND_PARSE_PARAMETERS_START(0, -1)
	Z_PARAM_VARIADIC('*', keys, n)
	ZEND_PARSE_PARAMETERS_END();

	if (!session_check_writable(so)) {
		RETURN_THROWS();
	}
	for (i = 0; i < n; i++) {
		if (Z_TYPE(keys[i]) != IS_STRING) {
			zend_argument_type_error(i + 1, "must be of type string, %s given",
			                         zend_zval_type_name(&keys[i]));
			RETURN_THROWS();
		}
	}
	for (i = 0; i < n; i++) {
		zend_string *key = Z_STR(keys[i]);
		zval *found;

		if (zend_symtable_find(Z_ARRVAL(so->flash_out), key) != NULL) {
			continue;
		}
		found = session_flash_find(so, key);
		if (found) {
			session_array_put(&so->flash_out, key, found);
		}
	}
}

/* increment() and decrement(). */
static void session_add(INTERNAL_FUNCTION_PARAMETERS, php_tessera_op_kind kind)
{
	zend_string *key;
	zend_long by = 1;
	zval zby;

	ZEND_PARSE_PARAMETERS_START(1, 2)
	Z_PARAM_STR(key)
	Z_PARAM_OPTIONAL
	Z_PARAM_LONG(by)
	ZEND_PARSE_PARAMETERS_END();

	ZVAL_LONG(&zby, by);
	if (!session_change(SESSION_THIS(), kind, key, &zby, return_value)) {
		RETURN_THROWS();
	}
}

/* Session::increment(string $key, int $by = 1): int|float — the new value. */
PHP_METHOD(Tessera_Session, increment)
{
	session_add(INTERNAL_FUNCTION_PARAM_PASSTHRU, PHP_TESSERA_OP_INCREMENT);
}

/* Session::decrement(string $key, int $by = 1): int|float — the new value. */
PHP_METHOD(Tessera_Session, decrement)
{
	session_add(INTERNAL_FUNCTION_PARAM_PASSTHRU, PHP_TESSERA_OP_DECREMENT);
}

/* Session::append(string $key, string $value): string — the new string. */
PHP_METHOD(Tessera_Session, append)
{
	zend_string *key, *suffix;
	zval zsuffix;

	ZEND_PARSE_PARAMETERS_START(2, 2)
	Z_PARAM_STR(key)
	Z_PARAM_STR(suffix)
	ZEND_PARSE_PARAMETERS_END();

	ZVAL_STR(&zsuffix, suffix);
	if (!session_change(SESSION_THIS(), PHP_TESSERA_OP_APPEND, key, &zsuffix, return_value)) {
		RETURN_THROWS();
	}
}

/* Session::push(string $key, mixed $value): int — the list's new length. */
PHP_METHOD(Tessera_Session, push)
{
	session_put(INTERNAL_FUNCTION_PARAM_PASSTHRU, SESSION_PUT_PUSH);
}

/* Session::regenerate(): string — moves the session to a new ID; the old one forwards. */
PHP_METHOD(Tessera_Session, regenerate)
{
	php_tessera_session_obj *so = SESSION_THIS();
	char sid[TSR_SID_MAX_LEN + 1];
	php_tessera_manager_obj *mo;
	unsigned bits;
	tsr_error err;
	int rc;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!session_check_writable(so)) {
		RETURN_THROWS();
	}
	mo = session_manager(so);
	/* Moving the data needs the lock: nobody may write the old ID meanwhile. */
	if (so->sess.mode != TSR_LOCK_EXCLUSIVE && !php_tessera_session_upgrade(so)) {
		RETURN_THROWS();
	}
	bits = so->sess.sid_bits ? so->sess.sid_bits : mo->opts.sid_bits;
	tsr_error_clear(&err);
	rc = tsr_sid_generate(bits, sid, sizeof(sid), &err);
	if (rc == TSR_OK) {
		rc = tsr_session_regenerate(&so->sess, sid, strlen(sid), mo->opts.regenerate_grace,
		                            tsr_clock_now_ms(), &err);
	}
	ZEND_SECURE_ZERO(sid, sizeof(sid));
	if (rc != TSR_OK) {
		if (!tsr_session_is_open(&so->sess)) {
			session_lose(so);
		}
		php_tessera_throw("cannot regenerate the session ID", rc, &err);
		RETURN_THROWS();
	}
	session_take_id(so);
	RETURN_STR_COPY(so->id);
}

/* Session::destroy(): void — deletes the session for good and empties the data. */
PHP_METHOD(Tessera_Session, destroy)
{
	php_tessera_session_obj *so = SESSION_THIS();
	tsr_error err;
	int rc = TSR_OK;
	size_t i;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!session_check_writable(so)) {
		RETURN_THROWS();
	}
	tsr_error_clear(&err);
	if (so->sess.is_new) {
		tsr_session_close(&so->sess); /* never stored: nothing to delete */
	} else {
		rc = tsr_session_destroy(&so->sess, &err);
	}
	for (i = 0; i < SESSION_ARRAYS; i++) {
		session_reset_array(session_array(so, i));
	}
	php_tessera_oplog_clear(&so->log);
	session_drop_user(so);
	so->user_pending = false;
	so->changed = false;
	if (rc != TSR_OK) {
		so->state = PHP_TESSERA_SESSION_LOST;
		php_tessera_throw("cannot destroy the session", rc, &err);
		RETURN_THROWS();
	}
	so->state = PHP_TESSERA_SESSION_DESTROYED;
}

/* Session::discard(): void — drops this request's data and flash changes. */
PHP_METHOD(Tessera_Session, discard)
{
	php_tessera_session_obj *so = SESSION_THIS();

	ZEND_PARSE_PARAMETERS_NONE();
	if (!session_check_open(so)) {
		RETURN_THROWS();
	}
	zval_ptr_dtor(&so->data);
	ZVAL_COPY(&so->data, &so->base);
	session_reset_array(&so->flash_now);
	session_reset_array(&so->flash_out);
	php_tessera_oplog_clear(&so->log);
	so->changed = false;
	if (so->user_pending) {
		so->user_pending = false;
		session_drop_user(so);
		if (tsr_session_is_open(&so->sess)) {
			session_take_user(so);
		}
	}
}

/* Session::lock(): void — takes the exclusive lock now and re-reads the session. */
PHP_METHOD(Tessera_Session, lock)
{
	ZEND_PARSE_PARAMETERS_NONE();
	if (!php_tessera_session_upgrade(SESSION_THIS())) {
		RETURN_THROWS();
	}
}

/* Session::bindUser(string $userId): void — written at commit, with the per-user index. */
PHP_METHOD(Tessera_Session, bindUser)
{
	php_tessera_session_obj *so = SESSION_THIS();
	zend_string *user_id;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_STR(user_id)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(user_id) == 0 || ZSTR_LEN(user_id) > TSR_RECORD_MAX_USER_ID ||
	    zend_str_has_nul_byte(user_id)) {
		zend_argument_value_error(1, "must be 1 to %u bytes without NUL bytes",
		                          TSR_RECORD_MAX_USER_ID);
		RETURN_THROWS();
	}
	if (!session_check_writable(so)) {
		RETURN_THROWS();
	}
	session_drop_user(so);
	so->user = zend_string_copy(user_id);
	so->user_pending = true;
}

/* Session::userId(): ?string */
PHP_METHOD(Tessera_Session, userId)
{
	php_tessera_session_obj *so = SESSION_THIS();

	ZEND_PARSE_PARAMETERS_NONE();
	if (so->user == NULL) {
		RETURN_NULL();
	}
	RETURN_STR_COPY(so->user);
}

/* Session::csrfToken(): string — a fresh masked token of the session's secret. */
PHP_METHOD(Tessera_Session, csrfToken)
{
	php_tessera_session_obj *so = SESSION_THIS();
	char token[TSR_CSRF_TOKEN_LEN + 1];
	tsr_error err;
	int rc;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!session_check_open(so)) {
		RETURN_THROWS();
	}
	if (so->sess.record.csrf_secret.len == 0) {
		/* The secret must be created: a change, which OnWrite cannot replay: lock first. */
		if (so->mode == PHP_TESSERA_MODE_READ_ONLY) {
			zend_throw_exception(tessera_ce_ReadOnlyException,
			                     "the session has no CSRF secret yet and is open read-only "
			                     "(LockMode::ReadOnly)",
			                     TSR_EREADONLY);
			RETURN_THROWS();
		}
		if (so->mode == PHP_TESSERA_MODE_ON_WRITE && so->sess.mode != TSR_LOCK_EXCLUSIVE &&
		    !php_tessera_session_upgrade(so)) {
			RETURN_THROWS();
		}
	}
	tsr_error_clear(&err);
	rc = tsr_session_csrf_token(&so->sess, token, sizeof(token), &err);
	if (rc != TSR_OK) {
		php_tessera_throw("cannot make a CSRF token", rc, &err);
		RETURN_THROWS();
	}
	RETVAL_STRINGL(token, TSR_CSRF_TOKEN_LEN);
	ZEND_SECURE_ZERO(token, sizeof(token));
}

/* Session::verifyCsrfToken(string $token): bool — constant-time check against the secret. */
PHP_METHOD(Tessera_Session, verifyCsrfToken)
{
	php_tessera_session_obj *so = SESSION_THIS();
	zend_string *token;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_STR(token)
	ZEND_PARSE_PARAMETERS_END();

	RETURN_BOOL(tsr_session_csrf_verify(&so->sess, ZSTR_VAL(token), ZSTR_LEN(token)));
}
