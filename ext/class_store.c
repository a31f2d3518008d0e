/*
 * class_store.c: Tessera\Store, a session store opened from a DSN, and the
 * per-user inventory on it (sessionsOf, revoke, revokeUser) and gc().
 *
 * A Store object owns one counted php_tessera_store_ref; every manager and
 * every session opened through it takes its own reference, so the
 * tsr_store is closed only after the last lock on it has been released,
 * whatever order PHP frees the objects in.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stdlib.h>

#include "php.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"

#include "tessera/forward.h"
#include "tessera/key.h"
#include "tessera/policy.h"
#include "tessera/profile.h"
#include "tessera/record.h"
#include "tessera/session.h"
#include "tessera/sid.h"
#include "tessera_classes.h"

static zend_object_handlers store_handlers;

/* How many characters of a handle sessionsOf() shows as its hint. */
#define STORE_HINT_LEN 8

/* Takes one more reference to 'ref'. Returns 'ref'. */
php_tessera_store_ref *php_tessera_store_ref_get(php_tessera_store_ref *ref)
{
	ref->refs++;
	return ref;
}

/* Drops one reference to 'ref'; the last one closes the store. NULL is fine. */
void php_tessera_store_ref_put(php_tessera_store_ref *ref)
{
	if (ref == NULL || --ref->refs > 0) {
		return;
	}
	tsr_store_close(ref->st);
	efree(ref);
}

static zend_object *store_create(zend_class_entry *ce)
{
	php_tessera_store_obj *so = zend_object_alloc(sizeof(php_tessera_store_obj), ce);

	zend_object_std_init(&so->std, ce);
	object_properties_init(&so->std, ce);
	so->std.handlers = &store_handlers;
	so->ref = NULL;
	return &so->std;
}

static void store_free(zend_object *obj)
{
	php_tessera_store_obj *so = php_tessera_store_from_obj(obj);

	php_tessera_store_ref_put(so->ref);
	so->ref = NULL;
	zend_object_std_dtor(obj);
}

/* Registers the handlers of Tessera\Store: not clonable (the stub makes it not serializable). */
void php_tessera_store_minit(void)
{
	tessera_ce_Store->create_object = store_create;
	memcpy(&store_handlers, zend_get_std_object_handlers(), sizeof(store_handlers));
	store_handlers.offset = XtOffsetOf(php_tessera_store_obj, std);
	store_handlers.free_obj = store_free;
	store_handlers.clone_obj = NULL;
}

/* The open store of 'this', or NULL with an Error thrown. */
static tsr_store *store_this(zval *this_zv)
{
	php_tessera_store_obj *so = php_tessera_store_from_obj(Z_OBJ_P(this_zv));

	if (so->ref == NULL) {
		zend_throw_error(NULL, "Tessera\\Store is not open; use Tessera\\Store::open()");
		return NULL;
	}
	return so->ref->st;
}

/* Checks a user ID argument: 1..TSR_RECORD_MAX_USER_ID bytes, no NUL. ValueError otherwise. */
static bool store_user_id_valid(const zend_string *user_id, uint32_t arg)
{
	if (ZSTR_LEN(user_id) == 0 || ZSTR_LEN(user_id) > TSR_RECORD_MAX_USER_ID ||
	    zend_str_has_nul_byte(user_id)) {
		zend_argument_value_error(arg, "must be 1 to %u bytes without NUL bytes",
		                          TSR_RECORD_MAX_USER_ID);
		return false;
	}
	return true;
}

/*
 * The storage key of a session ID (any strength Tessera issues: 22 to 64
 * characters of the ID alphabet) into 'out'. False for anything else.
 */
static bool store_key_of_id(const zend_string *id, tsr_key *out)
{
	size_t len = ZSTR_LEN(id);

	if (len < tsr_sid_length(TSR_SID_MIN_BITS) || len > TSR_SID_MAX_LEN) {
		return false;
	}
	if (tsr_sid_validate(ZSTR_VAL(id), len, (unsigned) (len * 6)) != TSR_OK) {
		return false;
	}
	return tsr_key_from_sid(ZSTR_VAL(id), len, out, NULL) == TSR_OK;
}

/* True when 's' is a handle from sessionsOf(): exactly 64 lower-case hex digits. */
static bool store_is_handle(const zend_string *s)
{
	size_t i;

	if (ZSTR_LEN(s) != TSR_KEY_HEX_LEN) {
		return false;
	}
	for (i = 0; i < TSR_KEY_HEX_LEN; i++) {
		char c = ZSTR_VAL(s)[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return false;
		}
	}
	return true;
}

/* Store::open(string $dsn): Store */
PHP_METHOD(Tessera_Store, open)
{
	php_tessera_store_obj *so;
	tsr_store *st = NULL;
	zend_string *dsn;
	tsr_error err;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_STR(dsn)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(dsn) == 0) {
		zend_argument_value_error(1, "must not be empty");
		RETURN_THROWS();
	}
	if (zend_str_has_nul_byte(dsn)) {
		zend_argument_value_error(1, "must not contain any null bytes");
		RETURN_THROWS();
	}
	tsr_error_clear(&err);
	rc = tsr_store_open(ZSTR_VAL(dsn), NULL, &st, &err);
	if (rc != TSR_OK) {
		php_tessera_throw("cannot open the store", rc, &err);
		RETURN_THROWS();
	}
	object_init_ex(return_value, tessera_ce_Store);
	so = php_tessera_store_from_obj(Z_OBJ_P(return_value));
	so->ref = emalloc(sizeof(*so->ref));
	so->ref->st = st;
	so->ref->refs = 1;
}

/* Private: a Store is made by Store::open(). */
PHP_METHOD(Tessera_Store, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

/* Store::driver(): string */
PHP_METHOD(Tessera_Store, driver)
{
	tsr_store *st;

	ZEND_PARSE_PARAMETERS_NONE();
	if ((st = store_this(ZEND_THIS)) == NULL) {
		RETURN_THROWS();
	}
	RETURN_STRING(tsr_store_name(st));
}

/* Store::gc(): int — deletes expired sessions, returns how many. */
PHP_METHOD(Tessera_Store, gc)
{
	uint64_t deleted = 0;
	tsr_store *st;
	int rc;

	ZEND_PARSE_PARAMETERS_NONE();
	if ((st = store_this(ZEND_THIS)) == NULL) {
		RETURN_THROWS();
	}
	rc = tsr_store_gc(st, tsr_clock_now_ms(), &deleted);
	if (rc != TSR_OK) {
		php_tessera_throw("garbage collection failed", rc, tsr_store_error(st));
		RETURN_THROWS();
	}
	RETURN_LONG(deleted > (uint64_t) ZEND_LONG_MAX ? ZEND_LONG_MAX : (zend_long) deleted);
}

/* One sessionsOf() entry and the time it is sorted by (ms, finer than the entry's seconds). */
typedef struct store_entry {
	int64_t last_active;
	zval entry;
} store_entry;

/* What a listing of one user's sessions collects. */
typedef struct store_list_ctx {
	bool want_entries; /* sessionsOf: entries; else (revokeUser) keys only */
	store_entry *entries;
	size_t n_entries, size_entries;
	tsr_key *keys;
	size_t n_keys, size_keys;
	int64_t now;
} store_list_ctx;

/* True when the record 'rec' with store deadline 'expires_at' is a live session at 'now'. */
static bool store_record_live(const tsr_record *rec, int64_t expires_at, int64_t now)
{
	return tsr_forward_state_of(rec) == TSR_FORWARD_NONE && expires_at > now &&
	       (rec->absolute_expiry == 0 || rec->absolute_expiry > now);
}

/* Makes 'entry' the sessionsOf() array for the live record 'rec' stored under 'key'. */
static void store_make_entry(zval *entry_zv, const tsr_key *key, const tsr_record *rec)
{
	char ip[TSR_PROFILE_IP_TEXT_SIZE] = "";
	tsr_profile last;
	zval entry;

	array_init(&entry);
	add_assoc_stringl(&entry, "handle", key->hex, TSR_KEY_HEX_LEN);
	add_assoc_str(&entry, "id_hint",
	              zend_string_concat2(key->hex, STORE_HINT_LEN, "\xE2\x80\xA6", 3)); /* U+2026 */
	add_assoc_long(&entry, "created", (zend_long) (rec->created_at / 1000));
	add_assoc_long(&entry, "last_active", (zend_long) (rec->last_active / 1000));
	if (tsr_profile_last(rec, &last) == TSR_OK) {
		if (tsr_profile_ip_text(&last, ip, sizeof(ip)) != TSR_OK) {
			ip[0] = '\0';
		}
		add_assoc_string(&entry, "ip", ip);
		add_assoc_stringl(&entry, "user_agent", last.ua, last.ua_len);
	} else {
		add_assoc_string(&entry, "ip", "");
		add_assoc_string(&entry, "user_agent", "");
	}
	ZVAL_COPY_VALUE(entry_zv, &entry);
}

/* tsr_store_list visitor: decodes each record of the user; skips retired and expired ones. */
static int store_list_visit(void *arg, const tsr_key *key, const uint8_t *bytes, size_t len,
                            int64_t expires_at)
{
	store_list_ctx *ctx = arg;
	tsr_record rec;

	tsr_record_init(&rec);
	if (tsr_record_decode(bytes, len, &rec, NULL) == TSR_OK &&
	    store_record_live(&rec, expires_at, ctx->now)) {
		if (ctx->want_entries) {
			if (ctx->n_entries == ctx->size_entries) {
				ctx->size_entries = ctx->size_entries ? ctx->size_entries * 2 : 8;
				ctx->entries =
				    safe_erealloc(ctx->entries, ctx->size_entries, sizeof(store_entry), 0);
			}
			ctx->entries[ctx->n_entries].last_active = rec.last_active;
			store_make_entry(&ctx->entries[ctx->n_entries].entry, key, &rec);
			ctx->n_entries++;
		} else {
			if (ctx->n_keys == ctx->size_keys) {
				ctx->size_keys = ctx->size_keys ? ctx->size_keys * 2 : 8;
				ctx->keys = safe_erealloc(ctx->keys, ctx->size_keys, sizeof(tsr_key), 0);
			}
			ctx->keys[ctx->n_keys++] = *key;
		}
	}
	tsr_record_clear(&rec);
	return 0;
}

/* Orders sessionsOf() entries by last use (ms), most recent first; then by handle. */
static int store_entry_compare(const void *pa, const void *pb)
{
	const store_entry *a = pa, *b = pb;

	if (a->last_active != b->last_active) {
		return a->last_active > b->last_active ? -1 : 1;
	}
	return strcmp(Z_STRVAL_P(zend_hash_str_find(Z_ARRVAL(a->entry), ZEND_STRL("handle"))),
	              Z_STRVAL_P(zend_hash_str_find(Z_ARRVAL(b->entry), ZEND_STRL("handle"))));
}

/* Store::sessionsOf(string $userId): array */
PHP_METHOD(Tessera_Store, sessionsOf)
{
	zend_string *user_id;
	store_list_ctx ctx;
	tsr_store *st;
	size_t i;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_STR(user_id)
	ZEND_PARSE_PARAMETERS_END();

	if (!store_user_id_valid(user_id, 1)) {
		RETURN_THROWS();
	}
	if ((st = store_this(ZEND_THIS)) == NULL) {
		RETURN_THROWS();
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.want_entries = true;
	ctx.now = tsr_clock_now_ms();
	rc = tsr_store_list(st, ZSTR_VAL(user_id), store_list_visit, &ctx);
	if (rc != TSR_OK) {
		php_tessera_throw("cannot list the user's sessions", rc, tsr_store_error(st));
	} else if (ctx.n_entries > 0) {
		qsort(ctx.entries, ctx.n_entries, sizeof(store_entry), store_entry_compare);
	}
	array_init(return_value);
	for (i = 0; i < ctx.n_entries; i++) {
		if (rc == TSR_OK) {
			add_next_index_zval(return_value, &ctx.entries[i].entry);
		} else {
			zval_ptr_dtor(&ctx.entries[i].entry);
		}
	}
	if (ctx.entries) {
		efree(ctx.entries);
	}
	if (rc != TSR_OK) {
		RETURN_THROWS();
	}
}

/* Revokes the session under 'key'. Returns 1 (revoked), 0 (was not live), or -1 (thrown). */
static int store_revoke_key(tsr_store *st, const tsr_key *key)
{
	tsr_error err;
	int rc;

	tsr_error_clear(&err);
	rc = tsr_session_revoke(st, key, tsr_clock_now_ms(), &err);
	if (rc == TSR_OK) {
		return 1;
	}
	if (rc == TSR_ENOTFOUND) {
		return 0;
	}
	php_tessera_throw("cannot revoke the session", rc, &err);
	return -1;
}

/* Store::revoke(string $sessionId): bool — a session ID or a handle from sessionsOf(). */
PHP_METHOD(Tessera_Store, revoke)
{
	zend_string *which;
	tsr_store *st;
	tsr_key key;
	int done;

	ZEND_PARSE_PARAMETERS_START(1, 1)
	Z_PARAM_STR(which)
	ZEND_PARSE_PARAMETERS_END();

	if (store_is_handle(which)) {
		if (tsr_key_from_hex(ZSTR_VAL(which), ZSTR_LEN(which), &key) != TSR_OK) {
			zend_argument_value_error(1, "must be a session ID or a handle from sessionsOf()");
			RETURN_THROWS();
		}
	} else if (!store_key_of_id(which, &key)) {
		zend_argument_value_error(1, "must be a session ID or a handle from sessionsOf()");
		RETURN_THROWS();
	}
	if ((st = store_this(ZEND_THIS)) == NULL) {
		RETURN_THROWS();
	}
	done = store_revoke_key(st, &key);
	if (done < 0) {
		RETURN_THROWS();
	}
	RETURN_BOOL(done == 1);
}

/* Store::revokeUser(string $userId, ?string $exceptSessionId = null): int */
PHP_METHOD(Tessera_Store, revokeUser)
{
	zend_string *user_id, *except = NULL;
	store_list_ctx ctx;
	tsr_key except_key;
	zend_long count = 0;
	tsr_store *st;
	size_t i;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 2)
	Z_PARAM_STR(user_id)
	Z_PARAM_OPTIONAL
	Z_PARAM_STR_OR_NULL(except)
	ZEND_PARSE_PARAMETERS_END();

	if (!store_user_id_valid(user_id, 1)) {
		RETURN_THROWS();
	}
	if (except && !store_key_of_id(except, &except_key)) {
		zend_argument_value_error(2, "must be a session ID or null");
		RETURN_THROWS();
	}
	if ((st = store_this(ZEND_THIS)) == NULL) {
		RETURN_THROWS();
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.now = tsr_clock_now_ms();
	/* Collect first, revoke after: the listing must not see the store change under it. */
	rc = tsr_store_list(st, ZSTR_VAL(user_id), store_list_visit, &ctx);
	if (rc != TSR_OK) {
		php_tessera_throw("cannot list the user's sessions", rc, tsr_store_error(st));
		goto cleanup;
	}
	for (i = 0; i < ctx.n_keys; i++) {
		int done;

		if (except && memcmp(ctx.keys[i].bytes, except_key.bytes, TSR_KEY_LEN) == 0) {
			continue;
		}
		done = store_revoke_key(st, &ctx.keys[i]);
		if (done < 0) {
			goto cleanup;
		}
		count += done;
	}

cleanup:
	if (ctx.keys) {
		efree(ctx.keys);
	}
	if (EG(exception)) {
		RETURN_THROWS();
	}
	RETURN_LONG(count);
}
