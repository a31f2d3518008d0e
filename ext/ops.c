/*
 * ops.c: the changes a Tessera\Session makes to its data, as operations
 * that can be applied now and replayed later, and the codec of the data.
 *
 * Under LockMode::OnWrite a request reads without a lock, so the record it
 * read may be changed by others before it commits. Each change is
 * therefore applied to the local data at once (so the request sees its
 * own writes) AND appended to the session's operation log. At commit the
 * manager locks the session, re-reads it, and replays the log in order on
 * the data as it is stored then (php_tessera_oplog_replay): two requests
 * setting different keys both keep their change, increments add up, and
 * for two sets of one key the later commit wins.
 *
 * A replay never fails: an operation whose path now holds a value of the
 * wrong type (another request stored a string where this one increments)
 * starts from the empty value, like the application's own call would on a
 * missing key. Only the application's own call (strict) refuses a wrong
 * type, with a TypeError, changing nothing.
 *
 * Data and flash data are stored in PHP's serialize() format of an array
 * (the same bytes session.serialize_handler=php_serialize writes).
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include "php.h"
#include "ext/standard/php_var.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"

#include "tessera_classes.h"

/* Throws the TypeError of a strict operation on a value of the wrong type. */
static void ops_type_error(const zend_string *path, const zval *cur, const char *expected)
{
	const char *space = "";
	const char *cls = get_active_class_name(&space);

	zend_type_error("%s%s%s(): the value at \"%s\" is %s, %s expected", cls, space,
	                get_active_function_name(), ZSTR_VAL(path), zend_zval_type_name(cur), expected);
}

/* IN/DECREMENT: the number at 'path' plus (or minus) the long 'by'. */
static bool ops_add(zval *root, php_tessera_op_kind kind, const zend_string *path, zval *by,
                    bool strict, zval *result)
{
	zval *cur = php_tessera_path_find(root, path);
	zval start, sum;
	zval *slot;

	ZVAL_LONG(&start, 0);
	if (cur != NULL && (Z_TYPE_P(cur) == IS_LONG || Z_TYPE_P(cur) == IS_DOUBLE)) {
		ZVAL_COPY_VALUE(&start, cur);
	} else if (cur != NULL && Z_TYPE_P(cur) != IS_NULL && strict) {
		ops_type_error(path, cur, "int or float");
		return false;
	}
	/* int + int that overflows becomes a float, as with PHP's + operator. */
	if (kind == PHP_TESSERA_OP_DECREMENT) {
		sub_function(&sum, &start, by);
	} else {
		add_function(&sum, &start, by);
	}
	slot = php_tessera_path_make(root, path);
	zval_ptr_dtor(slot);
	ZVAL_COPY_VALUE(slot, &sum);
	if (result) {
		ZVAL_COPY_VALUE(result, &sum);
	}
	return true;
}

/* APPEND: the string at 'path' followed by 'suffix'. */
static bool ops_append(zval *root, const zend_string *path, zval *suffix, bool strict, zval *result)
{
	zval *cur = php_tessera_path_find(root, path);
	zend_string *joined;
	zval *slot;

	if (cur != NULL && Z_TYPE_P(cur) != IS_STRING && Z_TYPE_P(cur) != IS_NULL && strict) {
		ops_type_error(path, cur, "string");
		return false;
	}
	if (cur != NULL && Z_TYPE_P(cur) == IS_STRING) {
		joined = zend_string_concat2(Z_STRVAL_P(cur), Z_STRLEN_P(cur), Z_STRVAL_P(suffix),
		                             Z_STRLEN_P(suffix));
	} else {
		joined = zend_string_copy(Z_STR_P(suffix));
	}
	slot = php_tessera_path_make(root, path);
	zval_ptr_dtor(slot);
	ZVAL_STR(slot, joined);
	if (result) {
		ZVAL_STR_COPY(result, joined);
	}
	return true;
}

/* PUSH: 'value' appended to the list at 'path'. */
static bool ops_push(zval *root, const zend_string *path, zval *value, bool strict, zval *result)
{
	zval *cur = php_tessera_path_find(root, path);
	zval *slot;

	if (cur != NULL && Z_TYPE_P(cur) != IS_ARRAY && Z_TYPE_P(cur) != IS_NULL && strict) {
		ops_type_error(path, cur, "array");
		return false;
	}
	slot = php_tessera_path_make(root, path);
	if (Z_TYPE_P(slot) != IS_ARRAY) {
		zval_ptr_dtor(slot);
		array_init(slot);
	}
	SEPARATE_ARRAY(slot);
	Z_TRY_ADDREF_P(value);
	if (zend_hash_next_index_insert(Z_ARRVAL_P(slot), value) == NULL) {
		Z_TRY_DELREF_P(value);
		if (strict) {
			zend_throw_error(NULL, "%s(): the list at \"%s\" has no free next index",
			                 get_active_function_name(), ZSTR_VAL(path));
			return false;
		}
	}
	if (result) {
		ZVAL_LONG(result, zend_hash_num_elements(Z_ARRVAL_P(slot)));
	}
	return true;
}

/*
 * Applies one operation to the data array 'root' (see tessera_classes.h):
 * strict for the application's own call (TypeError on a wrong type,
 * nothing changed), non-strict for a replay. 'result' (may be NULL)
 * receives the new number, string or list length.
 */
bool php_tessera_op_apply(zval *root, php_tessera_op_kind kind, const zend_string *path,
                          zval *value, bool strict, zval *result)
{
	zval *slot;

	switch (kind) {
	case PHP_TESSERA_OP_SET:
		slot = php_tessera_path_make(root, path);
		zval_ptr_dtor(slot);
		ZVAL_COPY_DEREF(slot, value);
		return true;
	case PHP_TESSERA_OP_FORGET:
		php_tessera_path_remove(root, path);
		return true;
	case PHP_TESSERA_OP_INCREMENT:
	case PHP_TESSERA_OP_DECREMENT:
		return ops_add(root, kind, path, value, strict, result);
	case PHP_TESSERA_OP_APPEND:
		return ops_append(root, path, value, strict, result);
	case PHP_TESSERA_OP_PUSH:
		return ops_push(root, path, value, strict, result);
	}
	return true;
}

/* Appends a copy of one operation ('path' and 'value' are copied; 'value' may be NULL). */
void php_tessera_oplog_add(php_tessera_oplog *log, php_tessera_op_kind kind, zend_string *path,
                           zval *value)
{
	php_tessera_op *op;

	if (log->count == log->size) {
		log->size = log->size ? log->size * 2 : 8;
		log->ops = safe_erealloc(log->ops, log->size, sizeof(*log->ops), 0);
	}
	op = &log->ops[log->count++];
	op->kind = kind;
	op->path = zend_string_copy(path);
	if (value) {
		ZVAL_COPY_DEREF(&op->value, value);
	} else {
		ZVAL_UNDEF(&op->value);
	}
}

/* Replays every operation of 'log' on 'root', in order, non-strict. */
void php_tessera_oplog_replay(const php_tessera_oplog *log, zval *root)
{
	uint32_t i;

	for (i = 0; i < log->count; i++) {
		const php_tessera_op *op = &log->ops[i];

		php_tessera_op_apply(root, op->kind, op->path, (zval *) &op->value, false, NULL);
	}
}

/* Frees every operation of 'log' and empties it. */
void php_tessera_oplog_clear(php_tessera_oplog *log)
{
	uint32_t i;

	for (i = 0; i < log->count; i++) {
		zend_string_release(log->ops[i].path);
		zval_ptr_dtor(&log->ops[i].value);
	}
	if (log->ops) {
		efree(log->ops);
	}
	log->ops = NULL;
	log->count = 0;
	log->size = 0;
}

/* Adds the values of 'log' to a GC buffer. */
void php_tessera_oplog_gc(const php_tessera_oplog *log, zend_get_gc_buffer *buf)
{
	uint32_t i;

	for (i = 0; i < log->count; i++) {
		zend_get_gc_buffer_add_zval(buf, (zval *) &log->ops[i].value);
	}
}

/* True when 'a' and 'b' are the same value: identical, or equal when serialized. */
bool php_tessera_same_value(zval *a, zval *b)
{
	zend_string *sa, *sb;
	bool same;

	ZVAL_DEREF(a);
	ZVAL_DEREF(b);
	if (zend_is_identical(a, b)) {
		return true;
	}
	if (Z_TYPE_P(a) != Z_TYPE_P(b) || (Z_TYPE_P(a) != IS_ARRAY && Z_TYPE_P(a) != IS_OBJECT)) {
		return false;
	}
	sa = php_tessera_serialize(a);
	sb = sa ? php_tessera_serialize(b) : NULL;
	same = sa && sb && zend_string_equals(sa, sb);
	if (sa) {
		zend_string_release(sa);
	}
	if (sb) {
		zend_string_release(sb);
	}
	if (EG(exception)) {
		zend_clear_exception();
	}
	return same;
}

/*
 * Merges flash data at an OnWrite commit (see tessera_classes.h): 'current'
 * as stored now, minus the entries of 'consumed' that still hold the value
 * this request read, plus 'out'.
 */
void php_tessera_flash_merge(zval *rv, zval *current, zval *consumed, zval *out)
{
	zend_string *key;
	zend_ulong idx;
	zval *val;

	ZVAL_ARR(rv, zend_array_dup(Z_ARRVAL_P(current)));
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(consumed), idx, key, val)
	{
		zval *now =
		    key ? zend_hash_find(Z_ARRVAL_P(rv), key) : zend_hash_index_find(Z_ARRVAL_P(rv), idx);

		if (now != NULL && php_tessera_same_value(now, val)) {
			if (key) {
				zend_hash_del(Z_ARRVAL_P(rv), key);
			} else {
				zend_hash_index_del(Z_ARRVAL_P(rv), idx);
			}
		}
	}
	ZEND_HASH_FOREACH_END();
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(out), idx, key, val)
	{
		Z_TRY_ADDREF_P(val);
		if (key) {
			zend_hash_update(Z_ARRVAL_P(rv), key, val);
		} else {
			zend_hash_index_update(Z_ARRVAL_P(rv), idx, val);
		}
	}
	ZEND_HASH_FOREACH_END();
}

/* Serializes 'data' with PHP's serialize() format. NULL with an exception thrown on failure. */
zend_string *php_tessera_serialize(zval *data)
{
	php_serialize_data_t var_hash;
	smart_str buf = {0};

	PHP_VAR_SERIALIZE_INIT(var_hash);
	php_var_serialize(&buf, data, &var_hash);
	PHP_VAR_SERIALIZE_DESTROY(var_hash);
	if (EG(exception)) {
		smart_str_free(&buf);
		return NULL;
	}
	if (buf.s == NULL) {
		return ZSTR_EMPTY_ALLOC();
	}
	return smart_str_extract(&buf);
}

/*
 * Unserializes the 'len' bytes at 'buf' into the array 'rv' (empty input:
 * an empty array). False, with 'rv' an empty array, when the bytes are not
 * exactly one serialized array. An exception thrown by an object's
 * __unserialize/__wakeup is left pending.
 */
bool php_tessera_unserialize(zval *rv, const uint8_t *buf, size_t len)
{
	php_unserialize_data_t var_hash;
	const unsigned char *p = buf;
	const unsigned char *max = buf + len;
	bool ok;
	zval *tmp;

	array_init(rv);
	if (len == 0) {
		return true;
	}
	PHP_VAR_UNSERIALIZE_INIT(var_hash);
	tmp = var_tmp_var(&var_hash);
	ok = php_var_unserialize(tmp, &p, max, &var_hash) && p == max && Z_TYPE_P(tmp) == IS_ARRAY;
	if (ok) {
		zval_ptr_dtor(rv);
		ZVAL_COPY(rv, tmp);
	}
	PHP_VAR_UNSERIALIZE_DESTROY(var_hash);
	if (ok && EG(exception)) {
		zval_ptr_dtor(rv);
		array_init(rv);
		ok = false;
	}
	return ok;
}
