/*
 * The private interface between session.c (open, create, commit, destroy,
 * close: the lifecycle of one request's session) and session_security.c
 * (regeneration with a grace, revocation, user binding, CSRF tokens,
 * client profiles). Functions declared here are documented at their
 * definitions in session.c. Private to libtessera.
 */
#ifndef TESSERA_SESSION_INTERNAL_H
#define TESSERA_SESSION_INTERNAL_H

#include <stdint.h>

#include "tessera/record.h"
#include "tessera/session.h"
#include "tessera/store.h"

int tsr__session_store_error(tsr_store *st, int rc, tsr_error *e);
void tsr__session_reset(tsr_session *s);
void tsr__session_set_sid(tsr_session *s, const char *sid, size_t len, unsigned sid_bits);
const char *tsr__session_user_cstr(const tsr_record *rec, char *buf);
int tsr__session_read(tsr_store *st, const tsr_key *key, tsr_lock_mode mode, tsr_lock **lock,
                      tsr_record *rec, int64_t *expires_at, tsr_error *e);

#endif
