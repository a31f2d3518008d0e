/*
 * The files store's per-user index: markers made and removed with the
 * records that name a user, listing one user's sessions, and its gc.
 *
 * PER-USER INDEX. A record that names a user (record format v1: the user id
 * right after the fixed header, read from the bytes being written; the
 * write's 'user_id' hint is not needed) has an empty marker file
 *
 *   <root>/users/<uh[0..1]>/<uh>/<hex>    uh = hex SHA-256 of the user id
 *
 * so listing one user's sessions reads that directory, not the store.
 * Invariant: a stored record naming user U always has its marker under
 * U. Markers change only under the session's write mutex: files_write
 * makes the new user's marker durable BEFORE renaming the record into
 * place and removes the old user's marker after; files_destroy and gc
 * remove the marker with the record. A marker may outlive its record
 * (crash between the steps, a record rewritten outside this store): such
 * stale markers are skipped and removed by listing (tsr__files_list_user) and
 * gc (tsr__files_gc_users), both re-checking under the session's write mutex so
 * that they never remove a marker a writer has just made. Empty user
 * directories are removed by gc; a writer that loses its directory to gc
 * makes it again. Same rules as the shards: openat, O_NOFOLLOW, owner
 * checks.
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

/* ---- the per-user index ------------------------------------------------------------------- */

/*
 * Tells whether the record of 'n' exists in 'shard' and reads the user id
 * it names into 'uid' (FILES_USER_PREFIX bytes), its length into '*ulen'
 * (0: no record, no user, or unreadable bytes). One open, fstat and read of
 * the record's first bytes: it replaces a stat for existence followed by an
 * open to find the user. Opened with O_NONBLOCK so that a FIFO in the
 * record's place cannot block us before the type check refuses it. Returns
 * 1 (a regular file of ours), 0 (no record) or a TSR_E* code: TSR_EUNSAFE
 * (symbolic link, not a regular file, foreign owner), TSR_EIO.
 */
int tsr__files_record_probe(files_store *fs, int shard, const files_names *n, uint8_t *uid,
                            size_t *ulen)
{
	uint8_t buf[FILES_USER_PREFIX];
	const uint8_t *found;
	struct stat sb;
	size_t done = 0, want;
	ssize_t got;
	int fd;
	int rc;

	*ulen = 0;
	fd = tsr__files_open_record(shard, n->rec, O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		return errno == ENOENT ? 0 : tsr__files_fail(fs, errno, "open record", n);
	}
	rc = tsr__files_check_fd(fs, fd, S_IFREG, "record", n, &sb);
	if (rc != TSR_OK) {
		tsr__files_close(&fd);
		return rc;
	}
	/* No more than the file holds, so a short record needs one read, not a second for EOF. */
	want =
	    sb.st_size > 0 && (uint64_t) sb.st_size < sizeof(buf) ? (size_t) sb.st_size : sizeof(buf);
	while (done < want) {
		got = SYS.read(fd, buf + done, want - done);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got <= 0) {
			break;
		}
		done += (size_t) got;
	}
	tsr__files_close(&fd);
	if (tsr_record_user_of(buf, done, &found, ulen)) {
		memcpy(uid, found, *ulen);
	}
	return 1;
}

/*
 * Reads the user id of the stored record of 'n' in 'shard' into 'uid'
 * (FILES_USER_PREFIX bytes) and its length into '*ulen' (0: no record, no
 * user, or unreadable), like tsr__files_record_probe. Errors are not
 * reported: an unknown old user only leaves a stale marker behind, which
 * listing and gc remove.
 */
void tsr__files_stored_user(files_store *fs, int shard, const files_names *n, uint8_t *uid,
                            size_t *ulen)
{
	if (tsr__files_record_probe(fs, shard, n, uid, ulen) < 0) {
		tsr_error_clear(&fs->base.error);
	}
}

/* Fills 'u' with the index directory names of the user 'uid' ('len' bytes): SHA-256 in hex. */
static int files_user_names(files_store *fs, const uint8_t *uid, size_t len, files_user *u)
{
	tsr_key hash;

	if (tsr_key_from_sid((const char *) uid, len, &hash, NULL) != TSR_OK) {
		return tsr_error_set(&fs->base.error, TSR_ECRYPTO, "files store: SHA-256 of a user id");
	}
	memcpy(u->hex, hash.hex, sizeof(u->hex));
	memcpy(u->d1, hash.hex, 2);
	u->d1[2] = '\0';
	return TSR_OK;
}

/*
 * Opens the index directory of 'u' (<root>/users/<d1>/<hex>) into '*out',
 * creating the missing levels when 'create', each flushed (the marker
 * under them must survive a power loss). Returns TSR_OK, TSR_ENOTFOUND
 * (missing and not 'create'; nothing recorded), TSR_EUNSAFE, TSR_EIO.
 */
static int files_user_dir_open(files_store *fs, const files_user *u, bool create, int *out,
                               const files_names *n)
{
	files_dir_mode mode = create ? FILES_DIR_CREATE_FLUSHED : FILES_DIR_EXISTING;
	int top = -1;
	int mid = -1;
	int rc;

	*out = -1;
	rc = tsr__files_subdir_open(fs, fs->root_fd, FILES_USERS_DIR, mode, &top, n);
	if (rc == TSR_OK) {
		rc = tsr__files_subdir_open(fs, top, u->d1, mode, &mid, n);
	}
	if (rc == TSR_OK) {
		rc = tsr__files_subdir_open(fs, mid, u->hex, mode, out, n);
	}
	tsr__files_close(&mid);
	tsr__files_close(&top);
	return rc;
}

/*
 * Makes sure the user 'uid' ('len' bytes) has the marker of session 'n':
 * an empty file named after the session's key in the user's index
 * directory. A new marker is made durable (the directory fsynced, unless
 * sync=off) before this returns, so a record that names the user is never
 * stored without its marker. A marker directory removed by gc in between
 * is created again. Returns TSR_OK, TSR_EUNSAFE (a marker that is not a
 * regular file of ours), TSR_EIO, TSR_ECRYPTO, TSR_ENOMEM.
 */
int tsr__files_user_mark(files_store *fs, const uint8_t *uid, size_t len, const files_names *n)
{
	files_user u;
	struct stat sb;
	int attempt;
	int dfd = -1;
	int fd;
	int rc;

	rc = files_user_names(fs, uid, len, &u);
	if (rc != TSR_OK) {
		return rc;
	}
	for (attempt = 0;; attempt++) {
		rc = files_user_dir_open(fs, &u, true, &dfd, n);
		if (rc != TSR_OK) {
			return rc;
		}
		fd = tsr__files_openat(dfd, n->hex, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		                       0600);
		if (fd >= 0) {
			tsr__files_close(&fd);
			/* Flushed as a change that ends IDs: revoking the user's sessions must find it. */
			rc = tsr__files_sync(fs, dfd, true) == 0
			         ? TSR_OK
			         : tsr__files_fail(fs, errno, "sync user index", n);
			break;
		}
		if (errno == EEXIST) {
			if (SYS.fstatat(dfd, n->hex, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
				rc = tsr__files_fail(fs, errno, "stat user index marker", n);
			} else {
				rc = tsr__files_check_stat(fs, &sb, S_IFREG, "user index marker", n);
			}
			break;
		}
		if (errno != ENOENT || attempt >= 2) {
			rc = tsr__files_fail(fs, errno, "create user index marker", n);
			break;
		}
		tsr__files_close(&dfd); /* the directory went away under us (gc): once more */
	}
	tsr__files_close(&dfd);
	return rc;
}

/* Removes the marker of session 'n' from the index of user 'uid' ('len' bytes). Errors ignored. */
void tsr__files_user_unmark(files_store *fs, const uint8_t *uid, size_t len, const files_names *n)
{
	tsr_error saved = fs->base.error;
	files_user u;
	int dfd = -1;

	if (files_user_names(fs, uid, len, &u) == TSR_OK &&
	    files_user_dir_open(fs, &u, false, &dfd, n) == TSR_OK) {
		SYS.unlinkat(dfd, n->hex, 0);
		tsr__files_close(&dfd);
	}
	fs->base.error = saved;
}

/*
 * Removes the marker 'n' from the index directory 'dfd' of user 'u' if,
 * under the session's write mutex, its record (still) does not name that
 * user (no record, no user, another user). Holding the mutex orders this
 * with writers, who create markers under it: a marker a writer has just
 * made for the record it renames into place is never removed. Leaves no
 * lock file behind for a session without a record. Errors are ignored
 * (the marker stays; a later pass retries).
 */
static void files_user_clean(files_store *fs, int dfd, const files_user *u, const files_names *n)
{
	tsr_error saved = fs->base.error;
	uint8_t uid[TSR_RECORD_MAX_USER_ID];
	files_user now;
	files_lock lk;
	struct stat sb;
	size_t len = 0;
	bool owned = false;
	int mfd = -1;

	memset(&lk, 0, sizeof(lk));
	lk.shard_fd = -1;
	lk.lock_fd = -1;
	if (tsr__files_shard_open(fs, n, true, &lk.shard_fd) != TSR_OK ||
	    tsr__files_mutex_enter(fs, &lk, n, &mfd, &owned, &sb) != TSR_OK) {
		goto cleanup;
	}
	tsr__files_stored_user(fs, lk.shard_fd, n, uid, &len);
	if (len == 0 || files_user_names(fs, uid, len, &now) != TSR_OK ||
	    strcmp(now.hex, u->hex) != 0) {
		SYS.unlinkat(dfd, n->hex, 0);
	}
	if (tsr__files_record_exists(fs, lk.shard_fd, n) == 0) {
		tsr__files_drop_lockfile(lk.shard_fd, n, mfd, false);
	}
	tsr__files_mutex_leave(&mfd, owned);

cleanup:
	tsr__files_close(&lk.shard_fd);
	fs->base.error = saved;
}

/*
 * Tells whether the record of 'n' is missing: one fstatat of its path
 * "<d1>/<d2>/<hex>.rec" from the store's root, where opening the two
 * shard directories (O_NOFOLLOW, owner checks) would cost six calls more.
 * Only a first sift: a marker found stale this way is judged again by
 * files_user_clean, which opens the shards the checked way under the
 * session's mutex; one wrongly found live (a shard replaced by a link
 * to elsewhere) only stays until a later pass.
 */
static bool files_record_missing(files_store *fs, const files_names *n)
{
	char path[sizeof(n->d1) + sizeof(n->d2) + sizeof(n->rec)];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s/%s", n->d1, n->d2, n->rec);
	return SYS.fstatat(fs->root_fd, path, &sb, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT;
}

/*
 * gc of one user index directory 'dfd' (user 'u'): removes the markers
 * whose record no longer exists (files_user_clean re-checks under the
 * session's mutex), then the directory itself when it is empty. Markers
 * of records that now name another user are left to listing, which reads
 * the records anyway. Errors are ignored: the index is only ever pruned.
 */
static void files_gc_user_dir(files_store *fs, int parent, const files_user *u)
{
	struct dirent *ent;
	files_names n;
	tsr_key key;
	DIR *dir;
	int dfd = -1;

	if (tsr__files_subdir_open(fs, parent, u->hex, FILES_DIR_EXISTING, &dfd, NULL) != TSR_OK) {
		tsr_error_clear(&fs->base.error);
		return;
	}
	dir = tsr__files_opendir(dfd);
	if (dir == NULL) {
		tsr__files_close(&dfd);
		return;
	}
	while ((ent = readdir(dir)) != NULL) {
		if (strlen(ent->d_name) != TSR_KEY_HEX_LEN ||
		    !tsr__files_is_hex(ent->d_name, TSR_KEY_HEX_LEN) ||
		    tsr_key_from_hex(ent->d_name, TSR_KEY_HEX_LEN, &key) != TSR_OK) {
			continue;
		}
		tsr__files_names_make(&key, &n);
		if (files_record_missing(fs, &n)) {
			files_user_clean(fs, dfd, u, &n);
		}
	}
	closedir(dir);
	tsr__files_close(&dfd);
	SYS.unlinkat(parent, u->hex, AT_REMOVEDIR); /* fails while markers remain: fine */
}

/* gc of the per-user index: every user directory under <root>/users (files_gc_user_dir). */
void tsr__files_gc_users(files_store *fs)
{
	struct dirent *e1, *e2;
	files_user u;
	DIR *top = NULL, *mid = NULL;
	int tfd = -1, mfd = -1;

	if (tsr__files_subdir_open(fs, fs->root_fd, FILES_USERS_DIR, FILES_DIR_EXISTING, &tfd, NULL) !=
	    TSR_OK) {
		goto cleanup;
	}
	top = tsr__files_opendir(tfd);
	while (top != NULL && (e1 = readdir(top)) != NULL) {
		if (!tsr__files_is_shard_name(e1->d_name) ||
		    tsr__files_subdir_open(fs, tfd, e1->d_name, FILES_DIR_EXISTING, &mfd, NULL) != TSR_OK) {
			continue;
		}
		mid = tsr__files_opendir(mfd);
		while (mid != NULL && (e2 = readdir(mid)) != NULL) {
			if (strlen(e2->d_name) != TSR_KEY_HEX_LEN ||
			    !tsr__files_is_hex(e2->d_name, TSR_KEY_HEX_LEN) ||
			    memcmp(e2->d_name, e1->d_name, 2) != 0) {
				continue;
			}
			memcpy(u.hex, e2->d_name, sizeof(u.hex));
			memcpy(u.d1, e1->d_name, sizeof(u.d1));
			files_gc_user_dir(fs, mfd, &u);
		}
		if (mid != NULL) {
			closedir(mid);
			mid = NULL;
		}
		tsr__files_close(&mfd);
	}

cleanup:
	if (top != NULL) {
		closedir(top);
	}
	tsr__files_close(&tfd);
	tsr_error_clear(&fs->base.error);
}

/*
 * Visits the sessions of 'user_id' through its index directory: for each
 * marker, reads the session's record and visits it when it still names
 * the user; a marker whose record is gone or names someone else is stale
 * and removed (files_user_clean). Cost: the user's sessions, not the
 * store's. Returns TSR_OK (also for a user with no index), or the first
 * read error.
 */
int tsr__files_list_user(files_store *fs, const char *user_id, tsr_store_visit_fn visit, void *arg)
{
	size_t ulen = strlen(user_id);
	tsr_bytes bytes = {NULL, 0};
	const uint8_t *found;
	size_t found_len;
	struct dirent *ent;
	files_names n;
	files_user u;
	tsr_key key;
	DIR *dir = NULL;
	int64_t expires_at;
	int shard = -1;
	int dfd = -1;
	int rc;

	if (ulen == 0 || ulen > TSR_RECORD_MAX_USER_ID) {
		return TSR_OK; /* no record can name such a user */
	}
	rc = files_user_names(fs, (const uint8_t *) user_id, ulen, &u);
	if (rc != TSR_OK) {
		return rc;
	}
	rc = files_user_dir_open(fs, &u, false, &dfd, NULL);
	if (rc == TSR_ENOTFOUND) {
		return TSR_OK;
	}
	if (rc != TSR_OK) {
		return rc;
	}
	dir = tsr__files_opendir(dfd);
	if (dir == NULL) {
		rc = tsr__files_fail(fs, errno, "read user index", NULL);
		goto cleanup;
	}
	while (rc == TSR_OK && (ent = readdir(dir)) != NULL) {
		if (strlen(ent->d_name) != TSR_KEY_HEX_LEN ||
		    !tsr__files_is_hex(ent->d_name, TSR_KEY_HEX_LEN) ||
		    tsr_key_from_hex(ent->d_name, TSR_KEY_HEX_LEN, &key) != TSR_OK) {
			continue; /* not a marker */
		}
		tsr__files_names_make(&key, &n);
		expires_at = 0;
		rc = tsr__files_shard_open(fs, &n, false, &shard);
		if (rc == TSR_OK) {
			rc = tsr__files_record_read(fs, shard, &n, &bytes, &expires_at);
		}
		tsr__files_close(&shard);
		if (rc == TSR_EUNSAFE) {
			tsr_error_clear(&fs->base.error);
			rc = TSR_OK; /* not ours: neither listed nor touched */
			continue;
		}
		if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
			break;
		}
		if (rc == TSR_OK && tsr_record_user_of(bytes.data, bytes.len, &found, &found_len) &&
		    found_len == ulen && memcmp(found, user_id, ulen) == 0) {
			if (visit(arg, &key, bytes.data, bytes.len, expires_at) != 0) {
				tsr_bytes_free(&bytes);
				break;
			}
		} else {
			files_user_clean(fs, dfd, &u, &n);
		}
		rc = TSR_OK;
		tsr_bytes_free(&bytes);
	}

cleanup:
	if (dir != NULL) {
		closedir(dir);
	}
	tsr__files_close(&dfd);
	return rc;
}
