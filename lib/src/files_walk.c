/*
 * Walking the files store's shards: gc of expired sessions, leftover lock
 * files and old temp files, and the full list. Both work on a live store:
 * every deletion re-checks under the session's flock and write mutex.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files_internal.h"

/* ---- walking the tree: gc and list -------------------------------------------------------- */

typedef enum files_kind {
	FILES_KIND_OTHER = 0,
	FILES_KIND_REC,
	FILES_KIND_LOCK,
	FILES_KIND_TMP,
	FILES_KIND_SPARE,
} files_kind;

/*
 * Called for each file of a shard: 'shard' is the shard's descriptor,
 * 'name' the entry, 'key' the session it belongs to, 'kind' its role,
 * 'rec_listed' whether the same listing of the shard held that session's
 * record (it may have gone since). Returns TSR_OK to go on,
 * FILES_WALK_STOP to stop quietly, or a TSR_E* code to stop with that
 * error.
 */
typedef int (*files_walk_fn)(files_store *fs, int shard, const char *name, const tsr_key *key,
                             files_kind kind, bool rec_listed, void *arg);

/* The longest session file name: a temp file's. */
#define FILES_NAME_MAX (TSR_KEY_HEX_LEN + sizeof(FILES_SUFFIX_TMP) - 1 + FILES_TMP_RAND_LEN)

/* One session file of a shard's listing. */
typedef struct files_entry {
	char name[FILES_NAME_MAX + 1];
	tsr_key key;
	files_kind kind;
} files_entry;

/* A shard's session files, as files_walk gathers them; 'entries' grows and is reused. */
typedef struct files_listing {
	files_entry *entries;
	size_t n, cap;
} files_listing;

#define FILES_WALK_STOP 1

/* Tells what 'name' is in shard 'd1'/'d2', filling 'key' for session files. */
static files_kind files_classify(const char *name, const char *d1, const char *d2, tsr_key *key)
{
	size_t len = strlen(name);
	const char *rest = name + TSR_KEY_HEX_LEN;
	files_kind kind;

	if (len <= TSR_KEY_HEX_LEN || !tsr__files_is_hex(name, TSR_KEY_HEX_LEN) ||
	    memcmp(name, d1, 2) != 0 || memcmp(name + 2, d2, 2) != 0) {
		return FILES_KIND_OTHER;
	}
	if (strcmp(rest, FILES_SUFFIX_REC) == 0) {
		kind = FILES_KIND_REC;
	} else if (strcmp(rest, FILES_SUFFIX_LOCK) == 0) {
		kind = FILES_KIND_LOCK;
	} else if (strcmp(rest, FILES_SUFFIX_SPARE) == 0) {
		kind = FILES_KIND_SPARE;
	} else if (strncmp(rest, FILES_SUFFIX_TMP, sizeof(FILES_SUFFIX_TMP) - 1) == 0 &&
	           strlen(rest) == sizeof(FILES_SUFFIX_TMP) - 1 + FILES_TMP_RAND_LEN &&
	           tsr__files_is_hex(rest + sizeof(FILES_SUFFIX_TMP) - 1, FILES_TMP_RAND_LEN)) {
		kind = FILES_KIND_TMP;
	} else {
		return FILES_KIND_OTHER;
	}
	if (tsr_key_from_hex(name, TSR_KEY_HEX_LEN, key) != TSR_OK) {
		return FILES_KIND_OTHER;
	}
	return kind;
}

/* Orders entries by name, so that the files of one session are next to each other. */
static int files_entry_cmp(const void *a, const void *b)
{
	return strcmp(((const files_entry *) a)->name, ((const files_entry *) b)->name);
}

/*
 * Reads the session files of shard 'd1'/'d2' from 'leaf' into 'ls'
 * (emptied first), sorted by name. Returns TSR_OK or TSR_ENOMEM.
 */
static int files_listing_read(files_store *fs, DIR *leaf, const char *d1, const char *d2,
                              files_listing *ls)
{
	struct dirent *e;

	ls->n = 0;
	while ((e = readdir(leaf)) != NULL) {
		files_entry *en;
		tsr_key key;
		files_kind kind;

		if (strlen(e->d_name) > FILES_NAME_MAX) {
			continue;
		}
		kind = files_classify(e->d_name, d1, d2, &key);
		if (kind == FILES_KIND_OTHER) {
			continue;
		}
		if (ls->n == ls->cap) {
			size_t cap = ls->cap > 0 ? 2 * ls->cap : 64;
			files_entry *grown = realloc(ls->entries, cap * sizeof(*grown));

			if (grown == NULL) {
				return tsr_error_set(&fs->base.error, TSR_ENOMEM, "files: out of memory");
			}
			ls->entries = grown;
			ls->cap = cap;
		}
		en = &ls->entries[ls->n++];
		strcpy(en->name, e->d_name);
		en->key = key;
		en->kind = kind;
	}
	if (ls->n > 1) {
		qsort(ls->entries, ls->n, sizeof(*ls->entries), files_entry_cmp);
	}
	return TSR_OK;
}

/*
 * Calls 'fn' for each entry of 'ls' (read from shard 'shard'), telling it
 * whether the listing held the session's record. Returns what files_walk
 * returns for the shard.
 */
static int files_listing_visit(files_store *fs, int shard, const files_listing *ls,
                               files_walk_fn fn, void *arg)
{
	size_t first = 0, end, i;
	int rc = TSR_OK;

	while (rc == TSR_OK && first < ls->n) {
		bool rec_listed = false;

		for (end = first; end < ls->n && memcmp(ls->entries[end].name, ls->entries[first].name,
		                                        TSR_KEY_HEX_LEN) == 0;
		     end++) {
			rec_listed = rec_listed || ls->entries[end].kind == FILES_KIND_REC;
		}
		for (i = first; rc == TSR_OK && i < end; i++) {
			const files_entry *en = &ls->entries[i];

			rc = fn(fs, shard, en->name, &en->key, en->kind, rec_listed, arg);
		}
		first = end;
	}
	return rc;
}

/*
 * Calls 'fn' for each session file under the root, one shard's listing
 * at a time (files_listing_read). Entries that are not ours by name, type
 * or owner are skipped, as are shards that vanish. Returns TSR_OK, the
 * first error of 'fn', or TSR_EIO / TSR_ENOMEM.
 */
static int files_walk(files_store *fs, files_walk_fn fn, void *arg)
{
	DIR *top = NULL, *mid = NULL, *leaf = NULL;
	struct dirent *e1, *e2;
	files_listing ls = {NULL, 0, 0};
	int d1 = -1, d2 = -1;
	int rc = TSR_OK;

	top = tsr__files_opendir(fs->root_fd);
	if (top == NULL) {
		return tsr__files_fail(fs, errno, "read store directory", NULL);
	}
	while (rc == TSR_OK && (e1 = readdir(top)) != NULL) {
		if (!tsr__files_is_shard_name(e1->d_name)) {
			continue;
		}
		if (tsr__files_subdir_open(fs, fs->root_fd, e1->d_name, FILES_DIR_EXISTING, &d1, NULL) !=
		    TSR_OK) {
			tsr_error_clear(&fs->base.error);
			continue;
		}
		mid = tsr__files_opendir(d1);
		if (mid == NULL) {
			rc = tsr__files_fail(fs, errno, "read shard directory", NULL);
			break;
		}
		while (rc == TSR_OK && (e2 = readdir(mid)) != NULL) {
			if (!tsr__files_is_shard_name(e2->d_name)) {
				continue;
			}
			if (tsr__files_subdir_open(fs, d1, e2->d_name, FILES_DIR_EXISTING, &d2, NULL) !=
			    TSR_OK) {
				tsr_error_clear(&fs->base.error);
				continue;
			}
			leaf = tsr__files_opendir(d2);
			if (leaf == NULL) {
				rc = tsr__files_fail(fs, errno, "read shard directory", NULL);
				break;
			}
			rc = files_listing_read(fs, leaf, e1->d_name, e2->d_name, &ls);
			if (rc == TSR_OK) {
				rc = files_listing_visit(fs, d2, &ls, fn, arg);
			}
			closedir(leaf);
			leaf = NULL;
			tsr__files_close(&d2);
		}
		closedir(mid);
		mid = NULL;
		tsr__files_close(&d1);
	}
	tsr__files_close(&d2);
	tsr__files_close(&d1);
	closedir(top);
	free(ls.entries);
	return rc == FILES_WALK_STOP ? TSR_OK : rc;
}

typedef struct files_gc_state {
	int64_t now;
	uint64_t deleted;
} files_gc_state;

/*
 * Deletes session 'n' if its record is expired at 'now' (or, when
 * 'orphan', if it has no record at all) and nobody holds its flock: takes
 * the flock without waiting, then the write mutex, re-checks, and unlinks
 * the record and the lock file. Adds 1 to '*deleted' per record removed.
 * A busy or changing session is skipped, not an error.
 */
static int files_gc_session(files_store *fs, int shard, const files_names *n, int64_t now,
                            bool orphan, uint64_t *deleted)
{
	uint8_t old_uid[TSR_RECORD_MAX_USER_ID];
	size_t old_len = 0;
	struct stat sb, rec;
	int fd = -1;
	int rc;
	int same;

	rc = tsr__files_lockfile_open(fs, shard, n, !orphan, &fd, &sb);
	if (rc == TSR_ENOTFOUND) {
		return TSR_OK;
	}
	if (rc != TSR_OK) {
		tsr_error_clear(&fs->base.error);
		return TSR_OK; /* not ours to touch */
	}
	if (SYS.flock(fd, LOCK_EX | LOCK_NB) != 0) {
		rc = errno == EWOULDBLOCK ? TSR_OK : tsr__files_fail(fs, errno, "lock session", n);
		goto cleanup; /* in use: not expired for us */
	}
	same = tsr__files_same_file(shard, n->lock, &sb);
	if (same != 1) {
		rc = same < 0 ? tsr__files_fail(fs, errno, "stat lock file", n) : TSR_OK;
		goto unlock;
	}
	if (tsr__files_mutex_lock(fd) != 0) {
		rc = tsr__files_fail(fs, errno, "lock write mutex", n);
		goto unlock;
	}
	if (SYS.fstatat(shard, n->rec, &rec, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno != ENOENT) {
			rc = tsr__files_fail(fs, errno, "stat record", n);
			goto unmutex;
		}
		/* No record (any more): the lock file and any spare are leftovers. */
		SYS.unlinkat(shard, n->spare, 0);
		SYS.unlinkat(shard, n->lock, 0);
		rc = TSR_OK;
		goto unmutex;
	}
	if (orphan || !S_ISREG(rec.st_mode) || rec.st_uid != fs->euid ||
	    tsr__files_ts_to_ms(&rec.st_mtim) > now) {
		rc = TSR_OK; /* written meanwhile, or not ours */
		goto unmutex;
	}
	tsr__files_stored_user(fs, shard, n, old_uid, &old_len);
	if (SYS.unlinkat(shard, n->rec, 0) != 0) {
		rc = errno == ENOENT ? TSR_OK : tsr__files_fail(fs, errno, "delete record", n);
		goto unmutex;
	}
	if (old_len > 0) {
		tsr__files_user_unmark(fs, old_uid, old_len, n);
	}
	(*deleted)++;
	SYS.unlinkat(shard, n->spare, 0);
	SYS.unlinkat(shard, n->lock, 0);
	rc = TSR_OK;

unmutex:
	tsr__files_mutex_unlock(fd);
unlock:
	SYS.flock(fd, LOCK_UN);
cleanup:
	tsr__files_close(&fd);
	return rc;
}

/* files_walk callback of gc: expired records, leftover lock files, old temp and spare files. */
static int files_gc_visit(files_store *fs, int shard, const char *name, const tsr_key *key,
                          files_kind kind, bool rec_listed, void *arg)
{
	files_gc_state *gs = arg;
	files_names n;
	struct stat sb;

	if ((kind == FILES_KIND_LOCK || kind == FILES_KIND_SPARE) && rec_listed) {
		return TSR_OK; /* handled with its record (or, gone since, by the next gc) */
	}
	tsr__files_names_make(key, &n);
	if (SYS.fstatat(shard, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		return errno == ENOENT ? TSR_OK : tsr__files_fail(fs, errno, "stat", &n);
	}
	if (!S_ISREG(sb.st_mode) || sb.st_uid != fs->euid) {
		return TSR_OK; /* not ours: never touched */
	}
	switch (kind) {
	case FILES_KIND_REC:
		if (tsr__files_ts_to_ms(&sb.st_mtim) > gs->now) {
			return TSR_OK;
		}
		return files_gc_session(fs, shard, &n, gs->now, false, &gs->deleted);
	case FILES_KIND_LOCK:
		if (SYS.fstatat(shard, n.rec, &sb, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT) {
			return TSR_OK; /* has a record: handled with it */
		}
		return files_gc_session(fs, shard, &n, gs->now, true, &gs->deleted);
	case FILES_KIND_SPARE:
		if (SYS.fstatat(shard, n.rec, &sb, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT) {
			return TSR_OK; /* has a record: handled with it */
		}
		/* A spare without a record (a crash between the two unlinks): like a temp file. */
		if (SYS.fstatat(shard, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			return TSR_OK;
		}
		/* fall through */
	case FILES_KIND_TMP:
		/* A temp file's mtime is the deadline it carries; its ctime is its age. */
		if (tsr__files_ts_to_ms(&sb.st_ctim) + FILES_TEMP_MAX_AGE_MS <= gs->now &&
		    SYS.unlinkat(shard, name, 0) != 0 && errno != ENOENT) {
			return tsr__files_fail(fs, errno, "delete temp file", &n);
		}
		return TSR_OK;
	default:
		return TSR_OK;
	}
}

/*
 * Walks every shard and deletes expired, unlocked sessions, lock files
 * without a record that nobody holds, and temp files whose ctime is more
 * than an hour before 'now'. See tsr_store_gc.
 */
int tsr__files_gc(tsr_store *st, int64_t now, uint64_t *deleted)
{
	files_gc_state gs = {now, 0};
	int rc;

	rc = files_walk((files_store *) st, files_gc_visit, &gs);
	if (rc == TSR_OK) {
		tsr__files_gc_users((files_store *) st);
	}
	*deleted = gs.deleted;
	return rc;
}

typedef struct files_list_state {
	tsr_store_visit_fn visit;
	void *arg;
} files_list_state;

/* files_walk callback of the full list: read and visit each record. */
static int files_list_visit(files_store *fs, int shard, const char *name, const tsr_key *key,
                            files_kind kind, bool rec_listed, void *arg)
{
	files_list_state *ls = arg;
	tsr_bytes bytes = {NULL, 0};
	files_names n;
	int64_t expires_at = 0;
	int rc;

	(void) name;
	(void) rec_listed;
	if (kind != FILES_KIND_REC) {
		return TSR_OK;
	}
	tsr__files_names_make(key, &n);
	rc = tsr__files_record_read(fs, shard, &n, &bytes, &expires_at);
	if (rc == TSR_ENOTFOUND || rc == TSR_EUNSAFE) {
		tsr_error_clear(&fs->base.error);
		return TSR_OK; /* vanished during the walk, or not ours */
	}
	if (rc != TSR_OK) {
		return rc;
	}
	rc = TSR_OK;
	if (ls->visit(ls->arg, key, bytes.data, bytes.len, expires_at) != 0) {
		rc = FILES_WALK_STOP;
	}
	tsr_bytes_free(&bytes);
	return rc;
}

/*
 * Visits every record, or with 'user_id' those of that user through the
 * per-user index (tsr__files_list_user). Files that vanish during the walk and
 * records that do not decode are skipped. See tsr_store_list.
 */
int tsr__files_list(tsr_store *st, const char *user_id, tsr_store_visit_fn visit, void *arg)
{
	files_list_state ls = {visit, arg};

	if (user_id != NULL) {
		return tsr__files_list_user((files_store *) st, user_id, visit, arg);
	}
	return files_walk((files_store *) st, files_list_visit, &ls);
}
