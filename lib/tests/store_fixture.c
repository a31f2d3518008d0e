/*
 * The files-store fixture and helpers shared by the store and session unit
 * tests: see store_fixture.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store_files_sys.h"
#include "store_fixture.h"
#include "support.h"

int tsr_test_store_setup(void **state, int wait_ms, int ttl_ms)
{
	tsr_test_fixture *f = calloc(1, sizeof(*f));
	tsr_store_config cfg = {wait_ms, ttl_ms};
	tsr_error e;

	assert_non_null(f);
	f->root = tsr_test_mkdtemp();
	if (tsr_store_open(f->root, &cfg, &f->st, &e) != TSR_OK) {
		fail_msg("open %s: %s", f->root, e.errstr);
	}
	*state = f;
	return 0;
}

int tsr_test_session_setup(void **state, uint32_t idle_s)
{
	tsr_test_fixture *f;

	tsr_test_store_setup(state, 0, 1000);
	f = *state;
	f->policy.idle_timeout = idle_s;
	f->policy.absolute_timeout = 0;
	assert_int_equal(tsr_sid_generate(TSR_SID_DEFAULT_BITS, f->sid, sizeof(f->sid), NULL), TSR_OK);
	f->sid_len = strlen(f->sid);
	return 0;
}

int tsr_test_fixture_teardown(void **state)
{
	tsr_test_fixture *f = *state;

	tsr__files_sys = tsr__files_sys_default;
	tsr_store_close(f->st);
	tsr_test_rmtree(f->root);
	free(f->root);
	free(f);
	return 0;
}

void tsr_test_session_make(tsr_test_fixture *f, const char *payload, int64_t now)
{
	tsr_session s;
	tsr_error e;

	tsr_session_init(&s);
	if (tsr_session_create(&s, f->st, f->sid, f->sid_len, TSR_SID_DEFAULT_BITS, TSR_LOCK_EXCLUSIVE,
	                       &f->policy, now, &e) != TSR_OK) {
		fail_msg("create: %s", e.errstr);
	}
	assert_true(tsr_session_is_open(&s));
	assert_true(s.is_new);
	if (tsr_session_commit(&s, payload, strlen(payload), now, &e) != TSR_OK) {
		fail_msg("commit: %s", e.errstr);
	}
	assert_false(tsr_session_is_open(&s));
}

int tsr_test_session_open(tsr_test_fixture *f, tsr_session *s, tsr_lock_mode mode, int64_t now,
                          const char **why)
{
	tsr_error e;

	tsr_session_init(s);
	return tsr_session_open(s, f->st, f->sid, f->sid_len, TSR_SID_DEFAULT_BITS, mode, &f->policy,
	                        now, why, &e);
}

tsr_key tsr_test_key_of(const char *name)
{
	tsr_key k;

	assert_int_equal(tsr_key_from_sid(name, strlen(name), &k, NULL), TSR_OK);
	return k;
}

bool tsr_test_exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

void tsr_test_encode_record(const tsr_key *k, const char *user, tsr_bytes *out)
{
	tsr_record rec;

	tsr_record_init(&rec);
	memcpy(rec.key, k->bytes, TSR_KEY_LEN);
	rec.created_at = 1000;
	rec.last_active = 1000;
	rec.idle_timeout = 60;
	if (user != NULL) {
		assert_int_equal(tsr_bytes_set(&rec.user_id, user, strlen(user)), TSR_OK);
	}
	out->data = NULL;
	out->len = 0;
	assert_int_equal(tsr_record_encode(&rec, out, NULL), TSR_OK);
	tsr_record_clear(&rec);
}

int tsr_test_collect(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                     int64_t expires_at)
{
	tsr_test_seen *s = arg;

	(void) record;
	(void) len;
	if (s->count < TSR_TEST_SEEN_MAX) {
		s->keys[s->count] = *key;
		s->expires_at[s->count] = expires_at;
	}
	s->count++;
	return s->stop_after != 0 && s->count >= s->stop_after;
}

size_t tsr_test_list(tsr_store *st, const char *user, tsr_test_seen *s)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(tsr_store_list(st, user, tsr_test_collect, s), TSR_OK);
	return s->count;
}

int tsr_test_seen_find(const tsr_test_seen *s, const tsr_key *k)
{
	for (size_t i = 0; i < s->count && i < TSR_TEST_SEEN_MAX; i++) {
		if (memcmp(s->keys[i].bytes, k->bytes, TSR_KEY_LEN) == 0) {
			return (int) i;
		}
	}
	return -1;
}
