/*
 * Tessera PHP extension: the module entry, its globals and the declarations
 * shared by the extension's files (tessera.c: module, ini, hooks, PHP
 * functions; mod_tessera.c: the "tessera" session save handler).
 *
 * The extension is glue only: every rule about IDs, locks, timeouts and
 * writes lives in libtessera (lib/), reached through tsr_session_* and
 * tsr_store_*. This layer turns their results into PHP's save handler
 * protocol and into exactly one warning per failure.
 */
#ifndef PHP_TESSERA_H
#define PHP_TESSERA_H

#include "php.h"
#include "ext/session/php_session.h"

#include "tessera/error.h"
#include "tessera/profile.h"
#include "tessera/session.h"
#include "tessera/store.h"

#define PHP_TESSERA_VERSION "0.1.0"

extern zend_module_entry tessera_module_entry;
#define phpext_tessera_ptr &tessera_module_entry

/* Size of the buffer that holds a deferred failure's message. */
#define PHP_TESSERA_MSG_SIZE 256

/*
 * The value of TESSERA_G(lock_mode) for tessera.lock_mode=on_write: the
 * session is read without a lock (TSR_LOCK_NONE) and the top-level keys
 * this request changed are merged into the record at write
 * (tessera_dropin.c). The other values are tsr_lock_mode's.
 */
#define PHP_TESSERA_LOCK_ON_WRITE 3

/* clang-format off */
ZEND_BEGIN_MODULE_GLOBALS(tessera)
	/* ini settings, validated by their OnUpdate handlers (tessera.c) */
	zend_long lock_mode;        /* a tsr_lock_mode */
	double lock_wait_timeout;   /* seconds, >= 0 */
	zend_long lock_ttl;         /* seconds, >= 1 */
	zend_long idle_timeout;     /* seconds, 0 = session.gc_maxlifetime */
	zend_long absolute_timeout; /* seconds, 0 = off */
	zend_long sid_bits;         /* TSR_SID_MIN_BITS .. TSR_SID_MAX_BITS */
	zend_long fingerprint_ua;   /* a tsr_profile_ua_mode */
	zend_long fingerprint_ip;   /* a tsr_profile_ip_mode */
	zend_long regenerate_grace; /* seconds an old ID forwards after session_regenerate_id(true) */

	/* per worker process: the store, reused across requests */
	tsr_store *store; /* NULL until the first successful open */
	char *store_dsn;  /* malloc'd copy of the DSN 'store' was opened with */

	/* per request: the session the save handler has open */
	tsr_session session;     /* OPEN or CLOSED (tsr_session_is_open) */
	zend_string *session_id; /* the ID 'session' was opened for, or NULL */
	zend_string *created_id; /* the last ID ps_create_sid issued, or NULL */
	bool handler_open;       /* ps_open succeeded and ps_close has not run */
	bool on_write;           /* 'session' was read for on_write: merge at write */
	zend_string *snapshot;   /* on_write: the payload as read, or NULL */

	/* a failure found while PHP validated the ID, reported by ps_read */
	int pending_err; /* TSR_OK or a TSR_E* code */
	char pending_msg[PHP_TESSERA_MSG_SIZE];

	/* what PHP's session settings were before ps_open forced them strict */
	bool forced;
	bool saved_use_strict_mode;
	bool saved_use_trans_sid;
	bool saved_use_only_cookies;

	/* state of the session function hooks (tessera.c) */
	int hook_depth;                  /* > 0 while a hooked session_* function runs */
	bool in_session_start;           /* the session_start() hook is running */
	bool read_and_close;             /* ... with the read_and_close option */
	bool id_preset;                  /* ... with an ID set by session_id() beforehand */
	bool warnings_masked;            /* E_WARNING is masked until the hook returns */
	zend_long saved_error_reporting; /* EG(error_reporting) before the mask */
	bool in_regenerate;              /* the session_regenerate_id() hook is running */
	zend_string *regen_id;           /* ID a graceful regeneration moved 'session' to, or NULL */
ZEND_END_MODULE_GLOBALS(tessera)
/* clang-format on */

ZEND_EXTERN_MODULE_GLOBALS(tessera)
#define TESSERA_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(tessera, v)

#if defined(ZTS) && defined(COMPILE_DL_TESSERA)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

/* The "tessera" save handler (mod_tessera.c). */
extern const ps_module ps_mod_tessera;

/*
 * Emits one E_WARNING "<function>(): Tessera: <message>". While a hooked
 * session function runs, it then masks E_WARNING in EG(error_reporting) so
 * that PHP's generic follow-up warning ("Failed to read session data") is
 * not shown; the hook restores the exact previous value when it returns.
 */
void php_tessera_warn(const char *fmt, ...) ZEND_ATTRIBUTE_FORMAT(printf, 1, 2);

/*
 * Returns the lock mode the next open must use: TSR_LOCK_READ_ONLY inside
 * session_start(['read_and_close' => true]), else tessera.lock_mode.
 */
tsr_lock_mode php_tessera_effective_mode(void);

/* Fills 'p' from tessera.idle_timeout (or session.gc_maxlifetime) and tessera.absolute_timeout. */
void php_tessera_policy(tsr_policy *p);

/*
 * Releases whatever the save handler still holds for this request (lock,
 * deferred error, forced session settings). Safe to call at any time; used
 * by ps_close and at request shutdown.
 */
void php_tessera_handler_reset(void);

/* Closes the cached store of this process (MSHUTDOWN). No session may be open. */
void php_tessera_store_shutdown(void);

/*
 * Drop-in security and merge helpers (tessera_dropin.c).
 */

/* Fills 'pol' from tessera.fingerprint_ua and tessera.fingerprint_ip. */
void php_tessera_dropin_fingerprint_policy(tsr_profile_policy *pol);

/*
 * Checks the request's profile (REMOTE_ADDR, HTTP_USER_AGENT) against the
 * OPEN session 's' (a new one adopts it). Returns true when the session
 * may be used; false when the fingerprint policy refused the profile: the
 * session has then been destroyed and closed, and the caller issues a new
 * ID. A store failure while destroying is reported as one warning.
 */
bool php_tessera_dropin_profile(tsr_session *s);

/*
 * Writes 'val' for the OPEN session 's' read under tessera.lock_mode=
 * on_write ('snapshot': the payload as read): when it differs, the
 * top-level $_SESSION keys it changed, added or removed relative to the
 * snapshot are applied under the exclusive lock to the record as stored
 * now. Closes 's'. Returns TSR_OK or a TSR_E* code with detail in 'e'.
 */
int php_tessera_dropin_merge(tsr_session *s, const zend_string *snapshot, const zend_string *val,
                             int64_t now, tsr_error *e);

#endif
