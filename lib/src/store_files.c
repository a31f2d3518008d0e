/*
 * The files store: one directory tree on a local file system, no daemon.
 *
 * LAYOUT. The DSN path is the root directory, which must already exist, be a
 * directory owned by this process's effective uid, and not be writable by
 * others unless sticky. Under it, each session lives in a two-level shard
 * named after the first four hex digits of its storage key:
 *
 *   <root>/<hex[0..1]>/<hex[2..3]>/<hex>.rec         the record bytes
 *   <root>/<hex[0..1]>/<hex[2..3]>/<hex>.lock        the lock file
 *   <root>/<hex[0..1]>/<hex[2..3]>/<hex>.spare       the previous record's
 *                                                    bytes, refilled by the
 *                                                    next write
 *   <root>/<hex[0..1]>/<hex[2..3]>/<hex>.tmp.<rand>  a new record in progress
 *
 * Shard directories are created on demand (mode 0700) and never removed;
 * a new one is flushed only with sync=full (tsr__files_shard_open).
 *
 * METADATA. The record file's mtime IS the session's expires_at (set with
 * nanosecond precision from ms), so gc and expiry need only fstat, and a
 * touch is a futimens on the record. This needs a file system with at
 * least millisecond timestamps (ext4, xfs, btrfs, tmpfs).
 *
 * WRITES (files_write), all under the session's write mutex: the record's
 * existence is checked (TSR_EGONE without TSR_WRITE_CREATE). An existing
 * record is replaced by refilling the session's spare file (the bytes,
 * then its length, its mtime, fsync) and exchanging the two names in one
 * renameat2(RENAME_EXCHANGE) (files_spare_swap): the old bytes become the
 * next spare, and no inode is created or freed per write, which on ext4
 * costs far more than the write itself. A new record, or one whose spare
 * a reader still holds, is written to a new temp file renamed over the
 * record. Then the shard directory is fsynced (when the sync option
 * flushes this write, below). A process that crashes at any point leaves
 * the old record or the new one, never a mix, and at worst a temp file
 * that gc removes after an hour.
 *
 * READS (tsr__files_record_read) hold a shared OFD lock on the record file
 * while they read it and check, once locked, that the name still points to
 * it; a writer refills the spare only under an exclusive OFD lock, taken
 * without waiting. So a reader never sees a file being refilled, and a
 * writer never waits for a reader (it falls back to a temp file).
 *
 * DURABILITY (DSN option sync, default ends), against an OS crash or a
 * power loss (a crashed process never matters: see WRITES). A change is
 * FLUSHED when its new file (temp or spare) is fsynced before the rename
 * and the shard directory after it: without the second fsync the rename
 * is not durable, and a power loss within the journal's commit interval
 * would bring back the previous record.
 *   sync=full  flushes every write and destroy: a write reported done
 *              survives a power loss. Two disk flushes per changed
 *              session, which on most disks costs more than the rest of
 *              the request together.
 *   sync=ends  (the default) flushes only what ends a session ID: a
 *              destroy, and a write with TSR_WRITE_ENDS_ID (a
 *              regeneration's forward, a revocation's tombstone); and a
 *              new user index marker (revoking a user's sessions must find
 *              them). So after a power loss a dead ID stays dead; other
 *              writes are as with sync=off: what PHP's own files handler
 *              and a Redis server at its defaults offer for the data, at
 *              about their cost.
 *   sync=off   flushes nothing (except a new user index directory).
 * An unflushed write may, after a power loss, be lost or revert to its
 * previous state, and a record may read back empty (the session layer
 * treats it as no session) or damaged (refused as corrupt where the codec
 * can tell).
 *
 * DESTROY (files_destroy) unlinks the record and the spare under the
 * write mutex and fsyncs the shard (unless sync=off). An EXCLUSIVE holder
 * destroying with TSR_RELEASE also unlinks the lock file (waiters notice
 * and start over on a new one); without TSR_RELEASE it keeps its lock (it
 * may create the session again) and the lock file goes at release.
 *
 * LIMITS. Local file systems only: on NFS flock() is emulated with POSIX
 * locks and would collide with the write mutex. A process that installs
 * its own handler for SIGRTMIN+3 sees it replaced while a thread waits for
 * a lock. lock_ttl_ms is not used: a flock ends with its process.
 *
 * THE PARTS. This file holds the driver's ops and record I/O; the rest is
 * in files_path.c (names, safe opening), files_lock.c (the two locks),
 * files_users.c (the per-user index) and files_walk.c (gc, list), sharing
 * files_internal.h. Every system call goes through tsr__files_sys
 * (store_files_sys.h), so tests can inject failures.
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

/* ---- reading and writing records ---------------------------------------------------------- */

/*
 * One try of files_record_open_stable: opens the record of 'n' in
 * 'shard', takes a shared OFD lock on it without waiting, and checks the
 * name still points to it. Returns TSR_OK with '*fd' open and locked,
 * 1 (swapped out or being refilled: try again; '*fd'
 * closed), TSR_ENOTFOUND (no record, no error recorded), TSR_EUNSAFE or
 * TSR_EIO.
 */
static int files_record_try_open(files_store *fs, int shard, const files_names *n, int *fd,
                                 struct stat *sb)
{
	struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	struct stat now;
	int rc;

	*fd = tsr__files_open_record(shard, n->rec, O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0) {
		return errno == ENOENT ? TSR_ENOTFOUND : tsr__files_fail(fs, errno, "open record", n);
	}
	rc = tsr__files_check_fd(fs, *fd, S_IFREG, "record", n, sb);
	if (rc == TSR_OK && SYS.fcntl_lock(*fd, F_OFD_SETLK, &fl) != 0) {
		/* EAGAIN: a writer is refilling this file, the spare by now. */
		rc = errno == EAGAIN || errno == EACCES
		         ? 1
		         : tsr__files_fail(fs, errno, "lock record for reading", n);
	} else if (rc == TSR_OK && SYS.fstatat(shard, n->rec, &now, AT_SYMLINK_NOFOLLOW) != 0) {
		rc = errno == ENOENT ? TSR_ENOTFOUND : tsr__files_fail(fs, errno, "stat record", n);
	} else if (rc == TSR_OK && (now.st_ino != sb->st_ino || now.st_dev != sb->st_dev)) {
		rc = 1; /* swapped out since we opened it */
	}
	if (rc != TSR_OK) {
		tsr__files_close(fd);
	}
	return rc;
}

/*
 * Opens the record of 'n' in 'shard' for reading, holding a shared OFD
 * lock on it that keeps writers from refilling the file, once the name is
 * checked to still point to it (files_record_try_open). A few tries run
 * without waiting; should writers keep swapping the record meanwhile, the
 * next try runs under the session's write mutex, which stops them for
 * that moment (only when a lock file exists: no lock file, no writer).
 * '*fd' receives the descriptor (closing it drops the lock), 'sb' its
 * status. Returns TSR_OK, TSR_ENOTFOUND (no record; no error recorded),
 * TSR_EUNSAFE or TSR_EIO.
 */
static int files_record_open_stable(files_store *fs, int shard, const files_names *n, int *fd,
                                    struct stat *sb)
{
	struct stat held;
	int attempt, mfd = -1;
	int rc = 1;

	for (attempt = 0; attempt < FILES_READ_SPINS && rc == 1; attempt++) {
		rc = files_record_try_open(fs, shard, n, fd, sb);
	}
	for (attempt = 0; attempt < FILES_MAX_RETRIES && rc == 1; attempt++) {
		rc = tsr__files_lockfile_open(fs, shard, n, false, &mfd, &held);
		if (rc == TSR_ENOTFOUND) {
			rc = files_record_try_open(fs, shard, n, fd, sb);
			continue;
		}
		if (rc != TSR_OK) {
			return rc;
		}
		if (tsr__files_mutex_lock(mfd) != 0) {
			rc = tsr__files_fail(fs, errno, "lock write mutex", n);
		} else {
			/* A lock file unlinked meanwhile guards nothing: then try again. */
			rc = tsr__files_same_file(shard, n->lock, &held) == 1
			         ? files_record_try_open(fs, shard, n, fd, sb)
			         : 1;
			tsr__files_mutex_unlock(mfd);
		}
		tsr__files_close(&mfd);
	}
	if (rc == 1) {
		rc = tsr_error_set(&fs->base.error, TSR_EIO,
		                   "files store: session %.12s: record replaced while opening it", n->hex);
	}
	return rc;
}

/*
 * Reads the record of 'n' from 'shard' into 'out' (a new buffer owned by
 * the caller) and its mtime into '*expires_at', under a shared lock that
 * keeps writers from refilling the file (files_record_open_stable).
 * Returns TSR_OK, TSR_ENOTFOUND (no record; no error recorded),
 * TSR_EUNSAFE, TSR_EIO, TSR_ENOMEM.
 */
int tsr__files_record_read(files_store *fs, int shard, const files_names *n, tsr_bytes *out,
                           int64_t *expires_at)
{
	struct stat sb;
	uint8_t *buf = NULL;
	size_t size, done = 0;
	ssize_t got;
	int fd = -1;
	int rc;

	rc = files_record_open_stable(fs, shard, n, &fd, &sb);
	if (rc != TSR_OK) {
		return rc;
	}
	if (sb.st_size < 0 || (uint64_t) sb.st_size > FILES_MAX_RECORD) {
		rc = tsr_error_set(&fs->base.error, TSR_EIO,
		                   "files store: session %.12s: record of %lld bytes is too large", n->hex,
		                   (long long) sb.st_size);
		goto cleanup;
	}
	size = (size_t) sb.st_size;
	buf = malloc(size > 0 ? size : 1);
	if (buf == NULL) {
		rc = tsr_error_set(&fs->base.error, TSR_ENOMEM, "files store: out of memory");
		goto cleanup;
	}
	while (done < size) {
		got = SYS.read(fd, buf + done, size - done);
		if (got < 0) {
			if (errno == EINTR) {
				continue;
			}
			rc = tsr__files_fail(fs, errno, "read record", n);
			goto cleanup;
		}
		if (got == 0) {
			rc = tsr_error_set(&fs->base.error, TSR_EIO,
			                   "files store: session %.12s: record shrank while reading", n->hex);
			goto cleanup;
		}
		done += (size_t) got;
	}
	out->data = buf;
	out->len = size;
	buf = NULL;
	*expires_at = tsr__files_ts_to_ms(&sb.st_mtim);
	rc = TSR_OK;

cleanup:
	free(buf);
	tsr__files_close(&fd);
	return rc;
}

/*
 * Creates a new temp file for 'n' in 'shard' holding the 'len' bytes at
 * 'data', with mtime 'expires_at', fsynced when the sync option asks for
 * it ('ends_id': tsr__files_sync). Its name goes to 'tmpname' (FILES names
 * buffer). Returns TSR_OK or TSR_EIO; on failure no temp file is left.
 */
static int files_temp_write(files_store *fs, int shard, const files_names *n, const uint8_t *data,
                            size_t len, int64_t expires_at, bool ends_id, char *tmpname,
                            size_t tmpname_size)
{
	static const char digits[] = "0123456789abcdef";
	struct timespec times[2];
	uint8_t rnd[FILES_TMP_RAND_LEN / 2];
	char rhex[FILES_TMP_RAND_LEN + 1];
	size_t done = 0, i;
	ssize_t got;
	int attempt;
	int fd = -1;
	int rc;

	for (attempt = 0;; attempt++) {
		if (SYS.getrandom(rnd, sizeof(rnd), 0) != (ssize_t) sizeof(rnd)) {
			return tsr__files_fail(fs, errno != 0 ? errno : EIO, "name temp file", n);
		}
		for (i = 0; i < sizeof(rnd); i++) {
			rhex[2 * i] = digits[rnd[i] >> 4];
			rhex[2 * i + 1] = digits[rnd[i] & 0x0f];
		}
		rhex[FILES_TMP_RAND_LEN] = '\0';
		snprintf(tmpname, tmpname_size, "%s" FILES_SUFFIX_TMP "%s", n->hex, rhex);
		fd = tsr__files_openat(shard, tmpname, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		                       0600);
		if (fd >= 0) {
			break;
		}
		if (errno != EEXIST || attempt >= 8) {
			return tsr__files_fail(fs, errno, "create temp file", n);
		}
	}
	while (done < len) {
		got = SYS.write(fd, data + done, len - done);
		if (got < 0) {
			if (errno == EINTR) {
				continue;
			}
			rc = tsr__files_fail(fs, errno, "write temp file", n);
			goto fail;
		}
		done += (size_t) got;
	}
	times[0].tv_sec = 0;
	times[0].tv_nsec = UTIME_OMIT;
	times[1] = tsr__files_ms_to_ts(expires_at);
	if (SYS.futimens(fd, times) != 0) {
		rc = tsr__files_fail(fs, errno, "set record deadline", n);
		goto fail;
	}
	if (tsr__files_sync(fs, fd, ends_id) != 0) {
		rc = tsr__files_fail(fs, errno, "sync temp file", n);
		goto fail;
	}
	tsr__files_close(&fd);
	return TSR_OK;

fail:
	tsr__files_close(&fd);
	SYS.unlinkat(shard, tmpname, 0);
	return rc;
}

/*
 * Reads the files DSN's options into 'sync': the only one is sync=full,
 * sync=ends or sync=off ('*sync' is left alone when it is not given).
 * Returns TSR_OK or TSR_EBADDSN naming an unknown option or a bad value
 * (the value is not echoed).
 */
static int files_parse_options(const tsr_dsn *dsn, files_sync *sync, tsr_error *e)
{
	for (size_t i = 0; i < dsn->n_options; i++) {
		const tsr_dsn_option *opt = &dsn->options[i];

		if (strcmp(opt->name, "sync") != 0) {
			return tsr_error_set(e, TSR_EBADDSN, "files store: unknown option '%.64s'", opt->name);
		}
		if (strcmp(opt->value, "full") == 0) {
			*sync = FILES_SYNC_FULL;
		} else if (strcmp(opt->value, "ends") == 0) {
			*sync = FILES_SYNC_ENDS;
		} else if (strcmp(opt->value, "off") == 0) {
			*sync = FILES_SYNC_OFF;
		} else {
			return tsr_error_set(e, TSR_EBADDSN,
			                     "files store: option 'sync' must be 'full', 'ends' or 'off'");
		}
	}
	return TSR_OK;
}

/*
 * Writes the 'len' bytes at 'data' (mtime 'expires_at', fsynced as
 * files_temp_write does for 'ends_id') over the existing
 * record of 'n' in 'shard' by refilling the session's spare file and
 * swapping it with the record in one renameat2(RENAME_EXCHANGE): no inode
 * is created or freed, the old bytes become the next spare. Called under
 * the write mutex, which is what keeps two writers off the spare. The
 * spare is refilled under an exclusive OFD lock, so a reader still holding
 * it (it was the record when the reader opened it) is never overwritten:
 * then '*done' stays false and the caller takes the temp-file path; so it
 * does where the file system cannot exchange names. Returns TSR_OK ('*done'
 * true when the record was replaced) or TSR_EUNSAFE / TSR_EIO with the
 * record untouched.
 */
static int files_spare_swap(files_store *fs, int shard, const files_names *n, const uint8_t *data,
                            size_t len, int64_t expires_at, bool ends_id, bool *done)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	struct timespec times[2];
	struct stat sb;
	size_t put = 0;
	ssize_t got;
	int fd;
	int rc;

	*done = false;
	fd = tsr__files_openat(shard, n->spare, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		return tsr__files_fail(fs, errno, "create temp file", n);
	}
	rc = tsr__files_check_fd(fs, fd, S_IFREG, "temp file", n, &sb);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	if (SYS.fcntl_lock(fd, F_OFD_SETLK, &fl) != 0) {
		rc = errno == EAGAIN || errno == EACCES ? TSR_OK
		                                        : tsr__files_fail(fs, errno, "lock temp file", n);
		goto cleanup; /* a reader still holds the old record: not now */
	}
	while (put < len) {
		got = SYS.write(fd, data + put, len - put);
		if (got < 0) {
			if (errno == EINTR) {
				continue;
			}
			rc = tsr__files_fail(fs, errno, "write temp file", n);
			goto cleanup;
		}
		put += (size_t) got;
	}
	/* Only a longer old record leaves bytes to cut; on ext4 even a same-size ftruncate is a
	 * journalled inode update, dearer than the write itself. */
	if ((uint64_t) sb.st_size > len && SYS.ftruncate(fd, (off_t) len) != 0) {
		rc = tsr__files_fail(fs, errno, "truncate temp file", n);
		goto cleanup;
	}
	times[0].tv_sec = 0;
	times[0].tv_nsec = UTIME_OMIT;
	times[1] = tsr__files_ms_to_ts(expires_at);
	if (SYS.futimens(fd, times) != 0) {
		rc = tsr__files_fail(fs, errno, "set record deadline", n);
		goto cleanup;
	}
	if (tsr__files_sync(fs, fd, ends_id) != 0) {
		rc = tsr__files_fail(fs, errno, "sync temp file", n);
		goto cleanup;
	}
	if (SYS.renameat2(shard, n->spare, shard, n->rec, RENAME_EXCHANGE) == 0) {
		*done = true;
	} else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
		/* No exchange here: plain rename, the spare is used up. */
		if (SYS.renameat(shard, n->spare, shard, n->rec) != 0) {
			rc = tsr__files_fail(fs, errno, "rename temp file over record", n);
			goto cleanup;
		}
		*done = true;
	} else {
		rc = tsr__files_fail(fs, errno, "rename temp file over record", n);
		goto cleanup;
	}
	rc = TSR_OK;

cleanup:
	tsr__files_close(&fd); /* drops the OFD lock */
	return rc;
}

/* ---- the driver's ops --------------------------------------------------------------------- */

/*
 * Opens the files store at 'dsn->path' (see the header comment for the
 * rules on the root directory) with the DSN's 'sync' option. Returns
 * TSR_OK, TSR_EBADDSN (no path, an unknown option or value), TSR_EUNSAFE (foreign owner, writable
 * by others), TSR_EIO (missing, not a directory, unreadable), TSR_ENOMEM.
 */
static int files_open(const tsr_dsn *dsn, const tsr_store_config *config, tsr_store **out,
                      tsr_error *e)
{
	files_store *fs;
	struct stat sb;
	files_sync sync = FILES_SYNC_ENDS;
	int fd;
	int rc;

	(void) config;
	*out = NULL;
	if (dsn->path == NULL || dsn->path[0] == '\0') {
		return tsr_error_set(e, TSR_EBADDSN, "files store: no directory in the DSN");
	}
	if ((rc = files_parse_options(dsn, &sync, e)) != TSR_OK) {
		return rc;
	}
	fd = tsr__files_openat(AT_FDCWD, dsn->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0) {
		if (errno == ENOENT) {
			return tsr_error_set(e, TSR_EIO, "files store: directory '%s' does not exist",
			                     dsn->path);
		}
		if (errno == ENOTDIR) {
			return tsr_error_set(e, TSR_EIO, "files store: '%s' is not a directory", dsn->path);
		}
		return tsr_error_set(e, TSR_EIO, "files store: cannot open '%s': %s", dsn->path,
		                     tsr__files_strerror(errno));
	}
	if (SYS.fstat(fd, &sb) != 0) {
		int err = errno;

		tsr__files_close(&fd);
		return tsr_error_set(e, TSR_EIO, "files store: cannot stat '%s': %s", dsn->path,
		                     tsr__files_strerror(err));
	}
	if (sb.st_uid != geteuid()) {
		tsr__files_close(&fd);
		return tsr_error_set(e, TSR_EUNSAFE,
		                     "files store: directory '%s' is owned by uid %u, not by uid %u",
		                     dsn->path, (unsigned) sb.st_uid, (unsigned) geteuid());
	}
	if ((sb.st_mode & S_IWOTH) && !(sb.st_mode & S_ISVTX)) {
		tsr__files_close(&fd);
		return tsr_error_set(e, TSR_EUNSAFE, "files store: directory '%s' is world-writable",
		                     dsn->path);
	}
	fs = calloc(1, sizeof(*fs));
	if (fs == NULL) {
		tsr__files_close(&fd);
		return tsr_error_set(e, TSR_ENOMEM, "files store: out of memory");
	}
	fs->base.ops = &tsr_store_files;
	fs->root_fd = fd;
	fs->euid = sb.st_uid; /* == geteuid(), checked above */
	fs->sync = sync;
	*out = &fs->base;
	return TSR_OK;
}

/* Closes the root directory and frees the store. */
static void files_close_store(tsr_store *st)
{
	files_store *fs = (files_store *) st;

	tsr__files_close(&fs->root_fd);
	free(fs);
}

/*
 * Locks and reads one session: see tsr_store_acquire. EXCLUSIVE creates
 * the shard and lock file as needed and waits per the store's
 * lock_wait_ms; READ_ONLY and NONE only read (a rename-replaced record is
 * always whole) and never wait or create anything.
 */
static int files_acquire(tsr_store *st, const tsr_key *key, tsr_lock_mode mode, tsr_lock **out,
                         tsr_bytes *record, int64_t *expires_at)
{
	files_store *fs = (files_store *) st;
	files_lock *lk;
	files_names n;
	int rc;

	tsr__files_names_make(key, &n);
	lk = calloc(1, sizeof(*lk));
	if (lk == NULL) {
		return tsr_error_set(&st->error, TSR_ENOMEM, "files store: out of memory");
	}
	lk->base.key = *key;
	lk->base.mode = mode;
	lk->names = n;
	lk->shard_fd = -1;
	lk->lock_fd = -1;

	rc = tsr__files_lock_shard(fs, lk, &n, mode == TSR_LOCK_EXCLUSIVE);
	if (rc == TSR_ENOTFOUND) {
		goto cleanup; /* READ_ONLY / NONE: no shard, no record */
	}
	if (rc != TSR_OK) {
		goto cleanup;
	}
	if (mode == TSR_LOCK_EXCLUSIVE) {
		rc = tsr__files_lock_take(fs, lk, &n);
		if (rc != TSR_OK) {
			goto cleanup;
		}
	}
	rc = tsr__files_record_read(fs, lk->shard_fd, &n, record, expires_at);

cleanup:
	if (rc == TSR_ENOTFOUND) {
		tsr_error_set(&st->error, TSR_ENOTFOUND, "files store: session %.12s: no record", n.hex);
	}
	if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
		tsr_error st_err = st->error;

		tsr__files_unlock(fs, lk, &n, false);
		tsr__files_close(&lk->shard_fd);
		free(lk);
		st->error = st_err;
		return rc;
	}
	*out = &lk->base;
	return rc;
}

/* TSR_ELOCKLOST (recorded) when 'lk' is an EXCLUSIVE handle whose lock is gone, else TSR_OK. */
static int files_check_held(files_store *fs, const files_lock *lk)
{
	if (lk->base.mode == TSR_LOCK_EXCLUSIVE && !lk->base.held) {
		return tsr_error_set(&fs->base.error, TSR_ELOCKLOST,
		                     "files store: session %.12s: lock not held", lk->names.hex);
	}
	return TSR_OK;
}

/*
 * The start of a write or touch of 'lk's session: files_check_held, then
 * the shard opened ('create': made when missing; a missing one is
 * TSR_EGONE, the session was destroyed) and the write mutex entered
 * ('*mfd' and '*owned' as tsr__files_mutex_enter sets them; the caller
 * leaves it). Returns TSR_OK or the first error, recorded on the store.
 */
static int files_change_begin(files_store *fs, files_lock *lk, bool create, int *mfd, bool *owned)
{
	struct stat sb;
	int rc;

	rc = files_check_held(fs, lk);
	if (rc != TSR_OK) {
		return rc;
	}
	rc = tsr__files_lock_shard(fs, lk, &lk->names, create);
	if (rc == TSR_ENOTFOUND) {
		return tsr_error_set(&fs->base.error, TSR_EGONE,
		                     "files store: session %.12s: was destroyed", lk->names.hex);
	}
	if (rc != TSR_OK) {
		return rc;
	}
	return tsr__files_mutex_enter(fs, lk, &lk->names, mfd, owned, &sb);
}

/*
 * Replaces the record, under the write mutex: an existing one by swapping
 * in the refilled spare (files_spare_swap), a new one (or when the spare
 * is busy) from a new temp file renamed into place; then, when the sync
 * option flushes this write (every one with sync=full, one with
 * TSR_WRITE_ENDS_ID with sync=ends), fsync of the shard before the mutex
 * is left. See tsr_store_write and the header comment. The first error
 * wins; with TSR_RELEASE the lock is released in every case.
 */
static int files_write(tsr_store *st, tsr_lock *lock, const struct tsr_store_write *w)
{
	files_store *fs = (files_store *) st;
	files_lock *lk = (files_lock *) lock;
	char tmpname[TSR_KEY_HEX_LEN + sizeof(FILES_SUFFIX_TMP) + FILES_TMP_RAND_LEN];
	uint8_t old_uid[TSR_RECORD_MAX_USER_ID];
	const uint8_t *new_uid = NULL;
	size_t old_len = 0, new_len = 0;
	files_names n;
	bool ends_id = (w->flags & TSR_WRITE_ENDS_ID) != 0;
	bool have_tmp = false, owned = false, written = false, exists;
	int mfd = -1;
	int rc;

	n = lk->names;
	tsr_record_user_of(w->data, w->len, &new_uid, &new_len);
	rc = files_change_begin(fs, lk, (w->flags & TSR_WRITE_CREATE) != 0, &mfd, &owned);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	/* Does the record (still) exist, and which user does it name? One open, under the mutex. */
	rc = tsr__files_record_probe(fs, lk->shard_fd, &n, old_uid, &old_len);
	if (rc < 0) {
		goto cleanup;
	}
	exists = rc == 1;
	if (!exists && !(w->flags & TSR_WRITE_CREATE)) {
		if (owned) {
			tsr__files_drop_lockfile(lk->shard_fd, &n, mfd, false);
		}
		rc = tsr_error_set(&st->error, TSR_EGONE, "files store: session %.12s: was destroyed",
		                   n.hex);
		goto cleanup;
	}
	/* The user index, under the mutex: the new user's marker is durable before the rename. */
	if (new_len > 0 && (new_len != old_len || memcmp(new_uid, old_uid, new_len) != 0)) {
		rc = tsr__files_user_mark(fs, new_uid, new_len, &n);
		if (rc != TSR_OK) {
			goto cleanup;
		}
	}
	if (exists) {
		rc = files_spare_swap(fs, lk->shard_fd, &n, w->data, w->len, w->expires_at, ends_id,
		                      &written);
		if (rc != TSR_OK) {
			goto cleanup;
		}
	}
	if (!written) {
		rc = files_temp_write(fs, lk->shard_fd, &n, w->data, w->len, w->expires_at, ends_id,
		                      tmpname, sizeof(tmpname));
		if (rc != TSR_OK) {
			goto cleanup;
		}
		have_tmp = true;
		if (SYS.renameat(lk->shard_fd, tmpname, lk->shard_fd, n.rec) != 0) {
			rc = tsr__files_fail(fs, errno, "rename temp file over record", &n);
			goto cleanup;
		}
		have_tmp = false;
		written = true;
	}
	if (old_len > 0 && (new_len != old_len || memcmp(new_uid, old_uid, old_len) != 0)) {
		tsr__files_user_unmark(fs, old_uid, old_len, &n);
	}
	/*
	 * Still under the mutex: until the exchange is durable, the spare is the
	 * file a crash would bring back as the record, and the next writer (a
	 * NONE one needs no session lock) refills the spare in place.
	 */
	if (tsr__files_sync(fs, lk->shard_fd, ends_id) != 0) {
		rc = tsr__files_fail(fs, errno, "sync shard directory", &n);
		goto cleanup;
	}
	rc = TSR_OK;

cleanup:
	tsr__files_mutex_leave(&mfd, owned);
	if (have_tmp) {
		SYS.unlinkat(lk->shard_fd, tmpname, 0);
	}
	if (w->flags & TSR_RELEASE) {
		tsr__files_unlock(fs, lk, &n, !written);
	}
	return rc;
}

/*
 * Moves the record's deadline (its mtime) to 'expires_at' under the write
 * mutex, leaving its bytes alone. See tsr_store_touch. Not fsynced: a touch
 * lost in a crash only makes the session expire earlier.
 */
static int files_touch(tsr_store *st, tsr_lock *lock, int64_t expires_at, unsigned flags)
{
	files_store *fs = (files_store *) st;
	files_lock *lk = (files_lock *) lock;
	struct timespec times[2];
	files_names n;
	bool owned = false;
	int mfd = -1;
	int fd = -1;
	int rc;

	n = lk->names;
	rc = files_change_begin(fs, lk, false, &mfd, &owned);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	fd = tsr__files_openat(lk->shard_fd, n.rec, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
	if (fd < 0) {
		if (errno == ENOENT) {
			if (owned) {
				tsr__files_drop_lockfile(lk->shard_fd, &n, mfd, false);
			}
			rc = tsr_error_set(&st->error, TSR_EGONE, "files store: session %.12s: was destroyed",
			                   n.hex);
		} else {
			rc = tsr__files_fail(fs, errno, "open record", &n);
		}
		goto cleanup;
	}
	rc = tsr__files_check_fd(fs, fd, S_IFREG, "record", &n, NULL);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	times[0].tv_sec = 0;
	times[0].tv_nsec = UTIME_OMIT;
	times[1] = tsr__files_ms_to_ts(expires_at);
	if (SYS.futimens(fd, times) != 0) {
		rc = tsr__files_fail(fs, errno, "set record deadline", &n);
		goto cleanup;
	}
	rc = TSR_OK;

cleanup:
	tsr__files_close(&fd);
	tsr__files_mutex_leave(&mfd, owned);
	if (flags & TSR_RELEASE) {
		tsr__files_unlock(fs, lk, &n, false);
	}
	return rc;
}

/*
 * Deletes the record under the write mutex, and the lock file when nobody
 * needs it any more (an EXCLUSIVE holder releasing in the same step, or
 * nobody holding the flock). See tsr_store_destroy. The shard is fsynced
 * (unless sync=off) so a destroyed session does not come back after a
 * crash.
 */
static int files_destroy(tsr_store *st, tsr_lock *lock, unsigned flags)
{
	files_store *fs = (files_store *) st;
	files_lock *lk = (files_lock *) lock;
	uint8_t old_uid[TSR_RECORD_MAX_USER_ID];
	size_t old_len = 0;
	files_names n;
	struct stat sb;
	bool owned = false;
	int mfd = -1;
	int rc;

	n = lk->names;
	rc = files_check_held(fs, lk);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	rc = tsr__files_lock_shard(fs, lk, &n, false);
	if (rc == TSR_ENOTFOUND) {
		rc = TSR_OK; /* no shard: nothing was ever stored */
		goto cleanup;
	}
	if (rc != TSR_OK) {
		goto cleanup;
	}
	rc = tsr__files_mutex_enter(fs, lk, &n, &mfd, &owned, &sb);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	tsr__files_stored_user(fs, lk->shard_fd, &n, old_uid, &old_len);
	if (SYS.unlinkat(lk->shard_fd, n.rec, 0) != 0 && errno != ENOENT) {
		rc = tsr__files_fail(fs, errno, "delete record", &n);
		goto cleanup;
	}
	SYS.unlinkat(lk->shard_fd, n.spare, 0); /* an earlier version of the data */
	if (old_len > 0) {
		tsr__files_user_unmark(fs, old_uid, old_len, &n);
	}
	if (owned) {
		tsr__files_drop_lockfile(lk->shard_fd, &n, mfd, false);
	} else if (flags & TSR_RELEASE) {
		tsr__files_drop_lockfile(lk->shard_fd, &n, mfd, true);
	}
	tsr__files_mutex_leave(&mfd, owned);
	if (tsr__files_sync(fs, lk->shard_fd, true) != 0) {
		rc = tsr__files_fail(fs, errno, "sync shard directory", &n);
		goto cleanup;
	}
	rc = TSR_OK;

cleanup:
	tsr__files_mutex_leave(&mfd, owned);
	if (flags & TSR_RELEASE) {
		/* The lock file is gone already (or kept for a reason): no tidying. */
		tsr__files_unlock(fs, lk, &n, false);
	}
	return rc;
}

/* Releases what 'lock' holds (tidying an unused lock file) and frees it. Always TSR_OK. */
static int files_release(tsr_store *st, tsr_lock *lock)
{
	files_store *fs = (files_store *) st;
	files_lock *lk = (files_lock *) lock;
	files_names n;

	n = lk->names;
	tsr__files_unlock(fs, lk, &n, true);
	tsr__files_close(&lk->shard_fd);
	free(lk);
	return TSR_OK;
}

/* The files store driver. */
const tsr_store_ops tsr_store_files = {
    .name = "files",
    .open = files_open,
    .close = files_close_store,
    .acquire = files_acquire,
    .write = files_write,
    .touch = files_touch,
    .destroy = files_destroy,
    .release = files_release,
    .gc = tsr__files_gc,
    .list = tsr__files_list,
};
