/*
 * dot.c: dot-notation paths into a session's data array, for
 * Tessera\Session::get/set/has/forget and the atomic updates.
 *
 * A path is one or more segments separated by '.': "user.profile.name" is
 * $data["user"]["profile"]["name"]. Segments are array keys; a segment
 * that is a canonical decimal integer ("0", "42") addresses the integer
 * key, as PHP's own $a["42"] does (zend_symtable_*). An empty segment
 * (an empty path, a leading, trailing or doubled '.') is an argument error.
 * References inside the data (from unserialize()) are followed.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include "php.h"
#include "tessera_classes.h"

/* Checks that 'path' has no empty segment; else throws ValueError for argument 'arg'. */
bool php_tessera_path_valid(const zend_string *path, uint32_t arg)
{
	const char *p = ZSTR_VAL(path);
	size_t i, len = ZSTR_LEN(path);

	if (len == 0) {
		zend_argument_value_error(arg, "must not be empty");
		return false;
	}
	if (p[0] == '.' || p[len - 1] == '.') {
		zend_argument_value_error(arg, "must not start or end with \".\"");
		return false;
	}
	for (i = 1; i < len; i++) {
		if (p[i] == '.' && p[i - 1] == '.') {
			zend_argument_value_error(arg, "must not contain an empty segment (\"..\")");
			return false;
		}
	}
	return true;
}

/* The segment of 'path' starting at '*pos' (its length in '*seg_len'); moves '*pos' past the dot.
 */
static const char *dot_next(const zend_string *path, size_t *pos, size_t *seg_len)
{
	const char *start = ZSTR_VAL(path) + *pos;
	const char *dot = memchr(start, '.', ZSTR_LEN(path) - *pos);
	size_t n = dot ? (size_t) (dot - start) : ZSTR_LEN(path) - *pos;

	*seg_len = n;
	*pos += n + (dot ? 1 : 0);
	return start;
}

static bool dot_last(const zend_string *path, size_t pos)
{
	return pos >= ZSTR_LEN(path);
}

/*
 * One step down 'path' without creating anything: follows references at
 * '*cur' (left pointing at the array), reads the next segment ('*seg',
 * '*seg_len'; moves '*pos') and returns its slot in that array. NULL when
 * '*cur' is not an array or has no such key.
 */
static zval *dot_step(zval **cur, const zend_string *path, size_t *pos, const char **seg,
                      size_t *seg_len)
{
	ZVAL_DEREF(*cur);
	if (Z_TYPE_P(*cur) != IS_ARRAY) {
		return NULL;
	}
	*seg = dot_next(path, pos, seg_len);
	return zend_symtable_str_find(Z_ARRVAL_P(*cur), *seg, *seg_len);
}

/* The value at 'path' in the array 'root' (references followed), or NULL. */
zval *php_tessera_path_find(zval *root, const zend_string *path)
{
	zval *cur = root;
	size_t pos = 0;

	while (1) {
		size_t n;
		const char *seg;
		zval *next = dot_step(&cur, path, &pos, &seg, &n);

		if (next == NULL) {
			return NULL;
		}
		if (dot_last(path, pos)) {
			ZVAL_DEREF(next);
			return next;
		}
		cur = next;
	}
}

/*
 * The slot for 'path' in the array 'root', creating arrays on the way (a
 * non-array on the way is replaced by an array) and separating shared
 * arrays, so that writing through the slot changes 'root' only. The slot
 * is a new NULL when the path did not exist. Never NULL.
 */
zval *php_tessera_path_make(zval *root, const zend_string *path)
{
	zval *cur = root;
	size_t pos = 0;

	while (1) {
		zval *next;
		size_t n;
		const char *seg;

		ZVAL_DEREF(cur);
		if (Z_TYPE_P(cur) != IS_ARRAY) {
			zval_ptr_dtor(cur);
			array_init(cur);
		}
		SEPARATE_ARRAY(cur);
		seg = dot_next(path, &pos, &n);
		next = zend_symtable_str_find(Z_ARRVAL_P(cur), seg, n);
		if (next == NULL) {
			zval null_value;

			ZVAL_NULL(&null_value);
			next = zend_symtable_str_update(Z_ARRVAL_P(cur), seg, n, &null_value);
		}
		if (dot_last(path, pos)) {
			ZVAL_DEREF(next);
			return next;
		}
		cur = next;
	}
}

/* Removes 'path' from 'root'. Returns whether something was removed. */
bool php_tessera_path_remove(zval *root, const zend_string *path)
{
	zval *cur = root;
	size_t pos = 0;

	while (1) {
		size_t n;
		const char *seg;

		if (dot_step(&cur, path, &pos, &seg, &n) == NULL) {
			return false;
		}
		SEPARATE_ARRAY(cur);
		if (dot_last(path, pos)) {
			return zend_symtable_str_del(Z_ARRVAL_P(cur), seg, n) == SUCCESS;
		}
		/* Look up again: separating may have moved the slot to a new table. */
		cur = zend_symtable_str_find(Z_ARRVAL_P(cur), seg, n);
	}
}
