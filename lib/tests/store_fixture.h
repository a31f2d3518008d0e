/*
 * The fixture shared by the unit tests that run against a files store: a
 * store open on a fresh scratch directory (and, for the session tests, a
 * policy and a fresh session ID), undone after every test; and the small
 * helpers those tests all lean on: creating and opening that session, the
 * storage key of a made-up name, a minimal record to store, and collecting
 * what tsr_store_list visits.
 *
 * Use from a test file:
 *
 *   static int setup(void **state) { return tsr_test_store_setup(state, 0, 1000); }
 *   cmocka_unit_test_setup_teardown(test_x, setup, tsr_test_fixture_teardown)
 *
 * and 'tsr_test_fixture *f = *state;' in the tests.
 */
#ifndef TESSERA_TEST_STORE_FIXTURE_H
#define TESSERA_TEST_STORE_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tessera/key.h"
#include "tessera/policy.h"
#include "tessera/record.h"
#include "tessera/session.h"
#include "tessera/sid.h"
#include "tessera/store.h"

/* How many visited keys a tsr_test_seen keeps (it counts them all). */
#define TSR_TEST_SEEN_MAX 8u

/* One test's store and session, owned by the fixture. */
typedef struct tsr_test_fixture {
	char *root;                    /* the scratch directory (malloc'd) */
	tsr_store *st;                 /* a files store on 'root' */
	tsr_policy policy;             /* session setup: the idle timeout given, no absolute one */
	char sid[TSR_SID_MAX_LEN + 1]; /* session setup: a fresh ID of TSR_SID_DEFAULT_BITS */
	size_t sid_len;
} tsr_test_fixture;

/*
 * cmocka setup: opens a files store with lock wait 'wait_ms' and lock
 * lifetime 'ttl_ms' on a fresh directory, in a new fixture stored at
 * '*state' (freed by tsr_test_fixture_teardown). Returns 0; fails the
 * test when the store does not open.
 */
int tsr_test_store_setup(void **state, int wait_ms, int ttl_ms);

/*
 * cmocka setup: tsr_test_store_setup(state, 0, 1000), then a fresh session
 * ID in 'sid' / 'sid_len' and 'policy.idle_timeout' = 'idle_s' seconds.
 * Returns 0; fails the test on error.
 */
int tsr_test_session_setup(void **state, uint32_t idle_s);

/*
 * cmocka teardown for both setups: restores the files store's system call
 * table (tsr__files_sys), closes the store, removes the directory and frees
 * the fixture. Returns 0.
 */
int tsr_test_fixture_teardown(void **state);

/*
 * Creates the fixture's session (f->sid, exclusive lock, f->policy) at
 * 'now' with the NUL-terminated 'payload' and commits it. Fails the test
 * unless the session is new, open after create and closed after commit.
 */
void tsr_test_session_make(tsr_test_fixture *f, const char *payload, int64_t now);

/*
 * Opens the fixture's session in 'mode' at 'now' into 's' (initialised
 * here) and returns tsr_session_open's code; '*why' as tsr_session_open
 * sets it ('why' may be NULL).
 */
int tsr_test_session_open(tsr_test_fixture *f, tsr_session *s, tsr_lock_mode mode, int64_t now,
                          const char **why);

/* Returns the storage key of the made-up session or user 'name'. */
tsr_key tsr_test_key_of(const char *name);

/* True when 'path' exists, without following a symbolic link at its end. */
bool tsr_test_exists(const char *path);

/*
 * Encodes a minimal valid record of 'k' (created and last active at 1000
 * ms, idle timeout 60 s) naming 'user' (NULL: nobody) into 'out', which the
 * caller then owns (tsr_bytes_free). Fails the test on error.
 */
void tsr_test_encode_record(const tsr_key *k, const char *user, tsr_bytes *out);

/* What tsr_test_collect saw of a tsr_store_list walk. */
typedef struct tsr_test_seen {
	size_t count;                          /* every key visited */
	size_t stop_after;                     /* ask the walk to stop after this many; 0 = never */
	tsr_key keys[TSR_TEST_SEEN_MAX];       /* the first keys visited, in order */
	int64_t expires_at[TSR_TEST_SEEN_MAX]; /* and their deadlines */
} tsr_test_seen;

/* A tsr_store_list visitor filling the tsr_test_seen at 'arg'. */
int tsr_test_collect(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                     int64_t expires_at);

/*
 * Lists the sessions of 'user' (NULL: all) in 'st' into 's' (reset first)
 * and returns how many were visited. Fails the test when listing fails.
 */
size_t tsr_test_list(tsr_store *st, const char *user, tsr_test_seen *s);

/* Returns the position of 'k' among the keys 's' kept, or -1 when it is not there. */
int tsr_test_seen_find(const tsr_test_seen *s, const tsr_key *k);

#endif
