/*
 * tessera_classes.h: declarations shared by the files of the object API
 * (namespace Tessera: Store, SessionManager, Session, Profile, LockMode and
 * the exceptions) and its helpers (dot.c: dot-notation paths, ops.c: the
 * merge log, cookie.c: Set-Cookie values).
 *
 * Ownership between the objects:
 *
 *   Store           owns one php_tessera_store_ref (a counted tsr_store)
 *   SessionManager  holds its Store object (a counted zval) and a counted
 *                   reference to the same php_tessera_store_ref
 *   Session         holds its SessionManager (counted zend_object) and its
 *                   own counted php_tessera_store_ref, so that its free_obj
 *                   can release the session's lock whatever order the
 *                   engine frees objects in (cycles, request shutdown).
 *
 * Every object embeds its zend_object 'std' last and is reached through
 * XtOffsetOf (php_tessera_*_from_obj).
 */
#ifndef TESSERA_CLASSES_H
#define TESSERA_CLASSES_H

#include "php.h"
#include "zend_smart_str.h"

#include "tessera/error.h"
#include "tessera/profile.h"
#include "tessera/session.h"
#include "tessera/store.h"

/* Class entries, set in MINIT (tessera.c). */
extern zend_class_entry *tessera_ce_LockMode;
extern zend_class_entry *tessera_ce_Profile;
extern zend_class_entry *tessera_ce_Exception;
extern zend_class_entry *tessera_ce_StoreException;
extern zend_class_entry *tessera_ce_LockTimeoutException;
extern zend_class_entry *tessera_ce_LockLostException;
extern zend_class_entry *tessera_ce_ReadOnlyException;
extern zend_class_entry *tessera_ce_InvalidSessionException;
extern zend_class_entry *tessera_ce_Store;
extern zend_class_entry *tessera_ce_SessionManager;
extern zend_class_entry *tessera_ce_Session;

/* ---- lock modes ------------------------------------------------------------------ */

/* The lock modes of the PHP API: the store's three plus OnWrite (merge at commit). */
typedef enum php_tessera_mode {
	PHP_TESSERA_MODE_EXCLUSIVE = 0,
	PHP_TESSERA_MODE_ON_WRITE,
	PHP_TESSERA_MODE_READ_ONLY,
	PHP_TESSERA_MODE_NONE,
} php_tessera_mode;

/* Returns the mode of a Tessera\LockMode case object. */
php_tessera_mode php_tessera_mode_from_enum(zend_object *lock_mode_case);

/* Returns the Tessera\LockMode case object of 'mode' (borrowed; cases live as long as the class).
 */
zend_object *php_tessera_mode_to_enum(php_tessera_mode mode);

/* The store lock mode a session in 'mode' is opened with (OnWrite reads without a lock: NONE). */
tsr_lock_mode php_tessera_mode_store(php_tessera_mode mode);

/* ---- stores ---------------------------------------------------------------------- */

/* An open tsr_store shared by a Store object and the sessions opened through it. */
typedef struct php_tessera_store_ref {
	tsr_store *st;
	uint32_t refs;
} php_tessera_store_ref;

/* Takes one more reference to 'ref'. Returns 'ref'. */
php_tessera_store_ref *php_tessera_store_ref_get(php_tessera_store_ref *ref);

/* Drops one reference to 'ref'; the last one closes the store. NULL is fine. */
void php_tessera_store_ref_put(php_tessera_store_ref *ref);

typedef struct php_tessera_store_obj {
	php_tessera_store_ref *ref; /* NULL only for an object made without open() */
	zend_object std;
} php_tessera_store_obj;

static inline php_tessera_store_obj *php_tessera_store_from_obj(zend_object *obj)
{
	return (php_tessera_store_obj *) ((char *) obj - XtOffsetOf(php_tessera_store_obj, std));
}

/* ---- exceptions ------------------------------------------------------------------ */

/*
 * Throws the Tessera exception that fits 'code' (LockTimeoutException,
 * LockLostException, ReadOnlyException, InvalidSessionException for
 * TSR_EGONE and TSR_ENOTFOUND, StoreException otherwise) with the message
 * "<what>: <detail>", the detail taken from 'e' when it carries one.
 */
void php_tessera_throw(const char *what, int code, const tsr_error *e);

/* ---- profiles -------------------------------------------------------------------- */

/*
 * Builds the lib's view of a Tessera\Profile object 'profile' at 'now'
 * (ms). Returns TSR_OK or the lib's error (an IP that does not parse).
 */
int php_tessera_profile_to_lib(zend_object *profile, int64_t now, tsr_profile *out, tsr_error *e);

/* Makes 'rv' a new Tessera\Profile with the address and User-Agent text of 'p'. */
void php_tessera_profile_from_lib(zval *rv, const tsr_profile *p);

/* ---- manager options ------------------------------------------------------------- */

typedef enum php_tessera_samesite {
	PHP_TESSERA_SAMESITE_LAX = 0,
	PHP_TESSERA_SAMESITE_STRICT,
	PHP_TESSERA_SAMESITE_NONE,
} php_tessera_samesite;

/* The session cookie's attributes. Strings are owned (NULL when absent). */
typedef struct php_tessera_cookie_opts {
	zend_string *name;   /* as sent, the __Host- prefix included */
	zend_string *domain; /* NULL: no Domain attribute */
	zend_string *path;   /* never NULL */
	zend_long lifetime;  /* seconds; 0: a browser-session cookie (no Max-Age) */
	php_tessera_samesite samesite;
	bool secure;      /* always Secure (also set on HTTPS requests and by the prefixes) */
	bool httponly;    /* default true */
	bool host_prefix; /* __Host-: Secure, Path=/, no Domain */
} php_tessera_cookie_opts;

typedef struct php_tessera_options {
	php_tessera_cookie_opts cookie;
	tsr_policy policy;     /* idle_timeout, absolute_timeout */
	tsr_profile_policy fp; /* fingerprint_ua, fingerprint_ip */
	uint32_t regenerate_grace;
	php_tessera_mode lock_mode;
	int lock_wait_ms;
	int lock_ttl_ms;
	unsigned sid_bits;
} php_tessera_options;

/* ---- manager and session objects ------------------------------------------------- */

/* The callbacks a manager can be given. */
enum {
	PHP_TESSERA_CB_PROFILE_CHANGE = 0,
	PHP_TESSERA_CB_ZOMBIE,
	PHP_TESSERA_CB_INVALID_ID,
	PHP_TESSERA_CB_LOCK_LOST,
	PHP_TESSERA_CB_COUNT
};

typedef struct php_tessera_manager_obj {
	zval store; /* the Tessera\Store object (UNDEF before the constructor ran) */
	php_tessera_store_ref *ref;
	php_tessera_options opts;
	zval callbacks[PHP_TESSERA_CB_COUNT]; /* UNDEF or a callable */
	zend_object std;
} php_tessera_manager_obj;

static inline php_tessera_manager_obj *php_tessera_manager_from_obj(zend_object *obj)
{
	return (php_tessera_manager_obj *) ((char *) obj - XtOffsetOf(php_tessera_manager_obj, std));
}

/* One recorded change, replayed at commit under LockMode::OnWrite (ops.c). */
typedef enum php_tessera_op_kind {
	PHP_TESSERA_OP_SET = 0,
	PHP_TESSERA_OP_FORGET,
	PHP_TESSERA_OP_INCREMENT,
	PHP_TESSERA_OP_DECREMENT,
	PHP_TESSERA_OP_APPEND,
	PHP_TESSERA_OP_PUSH,
} php_tessera_op_kind;

typedef struct php_tessera_op {
	php_tessera_op_kind kind;
	zend_string *path; /* owned */
	zval value;        /* owned: SET, APPEND (string), PUSH; IN/DECREMENT: the long; else UNDEF */
} php_tessera_op;

/* A growable list of operations; all zero is an empty log. */
typedef struct php_tessera_oplog {
	php_tessera_op *ops;
	uint32_t count;
	uint32_t size;
} php_tessera_oplog;

/* Where a Session object is in its life. */
typedef enum php_tessera_session_state {
	PHP_TESSERA_SESSION_OPEN = 0, /* 'sess' is OPEN */
	PHP_TESSERA_SESSION_COMMITTED,
	PHP_TESSERA_SESSION_DESTROYED,
	PHP_TESSERA_SESSION_LOST, /* a failure closed it; nothing more can be saved */
} php_tessera_session_state;

typedef struct php_tessera_session_obj {
	tsr_session sess;           /* the lib's session; CLOSED unless state is OPEN */
	php_tessera_store_ref *ref; /* counted; keeps the store open while 'sess' may hold a lock */
	zend_object *manager;       /* counted */
	php_tessera_session_state state;
	php_tessera_mode mode;  /* as requested; EXCLUSIVE after lock() */
	zend_string *id;        /* the session's ID now (after forwards and regenerate) */
	zend_string *cookie_in; /* the cookie value start() was given, or NULL */

	zval data;      /* array: the data as this request sees it */
	zval base;      /* array: the data as read (discard() returns to it) */
	zval flash_in;  /* array: flash data the previous request left */
	zval flash_now; /* array: now() values */
	zval flash_out; /* array: flash data for the next request */

	zval flash_carry;      /* array: flash data others stored meanwhile (seen by lock()); kept */
	php_tessera_oplog log; /* OnWrite: the changes, in order */

	bool is_new;       /* created by this request */
	bool changed;      /* data differs from what was read (set, forget, ...) */
	bool gone;         /* commit found the session ended by another request */
	bool user_pending; /* bindUser() ran: 'user' is written at commit */
	zend_string *user; /* the bound user ID (as read, or as bindUser() set it), or NULL */
	bool has_profile;  /* start() was given a profile: 'profile' is replayed on re-reads */
	tsr_profile profile;
	zend_object std;
} php_tessera_session_obj;

static inline php_tessera_session_obj *php_tessera_session_from_obj(zend_object *obj)
{
	return (php_tessera_session_obj *) ((char *) obj - XtOffsetOf(php_tessera_session_obj, std));
}

/* Registers the handlers of each class (its class entry is already registered). */
void php_tessera_store_minit(void);
void php_tessera_manager_minit(void);
void php_tessera_session_minit(void);

/*
 * Session internals the manager uses (class_session.c). Each returns true
 * on success, or false with a PHP exception thrown.
 */

/* Makes 'rv' a new Session object of 'manager' in 'mode', state OPEN, its 'sess' still CLOSED. */
php_tessera_session_obj *php_tessera_session_new(zval *rv, zend_object *manager,
                                                 php_tessera_mode mode);

/* Loads data and flash from the record of the OPEN 'sess' (after open or create). */
bool php_tessera_session_load(php_tessera_session_obj *so);

/* What php_tessera_session_save returns when it has thrown a PHP exception itself. */
#define PHP_TESSERA_THROWN (-10000)

/*
 * Writes the session per its mode and closes it (state COMMITTED, or LOST
 * when the write failed). '*stored' says whether a record exists for
 * the session's ID afterwards. Returns TSR_OK, PHP_TESSERA_THROWN, or a
 * TSR_E* code not yet reported (detail in 'e'), for the manager to turn
 * into a callback or an exception.
 */
int php_tessera_session_save(php_tessera_session_obj *so, bool *stored, tsr_error *e);

/*
 * Takes the exclusive lock of an OPEN session opened without it, re-reads
 * the record and replays this request's changes on it (Session::lock(),
 * and every OnWrite commit with changes). Returns true, or false with an
 * exception thrown.
 */
bool php_tessera_session_upgrade(php_tessera_session_obj *so);

/* ---- dot notation (dot.c)
 * ------------------------------------------------------------------------ */

/* Checks that 'path' has no empty segment; else throws ValueError for argument 'arg'. */
bool php_tessera_path_valid(const zend_string *path, uint32_t arg);

/* The value at 'path' in the array 'root' (references followed), or NULL. */
zval *php_tessera_path_find(zval *root, const zend_string *path);

/*
 * The slot for 'path' in the array 'root', creating arrays on the way (a
 * non-array on the way is replaced by an array) and separating shared
 * arrays. The slot is a new NULL when the path did not exist. Never NULL.
 */
zval *php_tessera_path_make(zval *root, const zend_string *path);

/* Removes 'path' from 'root'. Returns whether something was removed. */
bool php_tessera_path_remove(zval *root, const zend_string *path);

/* ---- operations (ops.c) ---------------------------------------------------------- */

/*
 * Applies one operation to the data array 'root'. With 'strict' (a call
 * from the application) a value of the wrong type at the path throws a
 * TypeError and changes nothing; without (a replay at commit on the data
 * as stored then) the value is replaced as if the path were empty. The
 * operation's result (the new number, string, or list length) goes to
 * 'result' when not NULL. Returns false when an exception was thrown.
 */
bool php_tessera_op_apply(zval *root, php_tessera_op_kind kind, const zend_string *path,
                          zval *value, bool strict, zval *result);

/* Appends a copy of one operation to 'log'. */
void php_tessera_oplog_add(php_tessera_oplog *log, php_tessera_op_kind kind, zend_string *path,
                           zval *value);

/* Replays every operation of 'log' on 'root' (non-strict). */
void php_tessera_oplog_replay(const php_tessera_oplog *log, zval *root);

/* Frees every operation of 'log' and empties it. */
void php_tessera_oplog_clear(php_tessera_oplog *log);

/* Adds the values of 'log' to a GC buffer. */
void php_tessera_oplog_gc(const php_tessera_oplog *log, zend_get_gc_buffer *buf);

/*
 * Merges flash data at commit under OnWrite: starts from 'current' (the
 * flash the store holds now), drops each entry this request read in
 * 'consumed' if it is still the same value, then adds 'out'. The result
 * goes to 'rv' (an array).
 */
void php_tessera_flash_merge(zval *rv, zval *current, zval *consumed, zval *out);

/*
 * True when 'a' and 'b' hold the same value: identical (===), or, for
 * arrays and objects, equal once serialized (two unserialized copies of one
 * object are not identical but are the same data). Throws nothing.
 */
bool php_tessera_same_value(zval *a, zval *b);

/*
 * Serializes the array 'data' (PHP's serialize() format) into a new
 * string. Returns NULL with an exception thrown when it cannot be
 * serialized (an object refusing it).
 */
zend_string *php_tessera_serialize(zval *data);

/*
 * Unserializes 'len' bytes at 'buf' into the array 'rv'. Empty input is an
 * empty array. Returns false (and 'rv' an empty array) when the bytes are
 * not a serialized array; throws nothing.
 */
bool php_tessera_unserialize(zval *rv, const uint8_t *buf, size_t len);

/* ---- cookies (cookie.c) ---------------------------------------------------------- */

/*
 * Returns the Set-Cookie header value for 'value' under 'o': the session
 * cookie, or with 'expire' an expiring cookie (empty value, Max-Age=0,
 * Expires in the past) with the same Path and Domain. Secure is added
 * when configured, for the prefixes, and when the request is HTTPS.
 */
zend_string *php_tessera_cookie_build(const php_tessera_cookie_opts *o, const zend_string *value,
                                      bool expire);

/* True when the request is HTTPS: $_SERVER['HTTPS'] is set, not empty and not "off". */
bool php_tessera_request_is_https(void);

/*
 * The request's server variables (borrowed): $_SERVER as the script sees
 * it, else, when that is not an array, the ones PHP was started with.
 * NULL when neither is an array.
 */
HashTable *php_tessera_server_vars(void);

/*
 * Parses the cookie-related options into 'o' (already holding defaults):
 * called by the manager's option parser for keys starting with "cookie_".
 * Returns 1 when 'key' was a cookie option and was valid, 0 when 'key' is
 * not a cookie option, -1 with a ValueError thrown for a bad value.
 */
int php_tessera_cookie_option(php_tessera_cookie_opts *o, const zend_string *key, zval *value);

/* Final checks after all options were read (prefix rules, name + ID length). */
bool php_tessera_cookie_finish(php_tessera_cookie_opts *o, unsigned sid_bits);

/* Frees the strings 'o' owns. */
void php_tessera_cookie_opts_free(php_tessera_cookie_opts *o);

#endif
