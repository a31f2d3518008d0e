/*
 * The files store's file system access: the system call table with its
 * EINTR-retrying wrappers, error reporting, the names of a session's files,
 * and the safe way to open anything under the root.
 *
 * Every name is built from the key's bytes alone, so no path can leave the
 * root; everything is opened relative to the root's descriptor with
 * O_NOFOLLOW, and every file or directory opened is fstat-checked to be of
 * the expected type and owned by us (TSR_EUNSAFE otherwise).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files_internal.h"

/* ---- the system call table ---------------------------------------------------------------- */

static int sys_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	return openat(dirfd, path, flags, mode);
}

static int sys_fcntl_lock(int fd, int cmd, struct flock *fl)
{
	return fcntl(fd, cmd, fl);
}

static ssize_t sys_getrandom(void *buf, size_t len, unsigned flags)
{
	return getrandom(buf, len, flags);
}

static int sys_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
                         unsigned flags)
{
	return renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}

/* The real system calls, by name. */
#define FILES_REAL_SYSCALLS                                                                        \
	{                                                                                              \
		.openat = sys_openat, .close = close, .read = read, .write = write, .fsync = fsync,        \
		.fstat = fstat, .fstatat = fstatat, .mkdirat = mkdirat, .renameat = renameat,              \
		.renameat2 = sys_renameat2, .unlinkat = unlinkat, .ftruncate = ftruncate,                  \
		.futimens = futimens, .flock = flock, .fcntl_lock = sys_fcntl_lock,                        \
		.getrandom = sys_getrandom,                                                                \
	}

const tsr__files_syscalls tsr__files_sys_default = FILES_REAL_SYSCALLS;

tsr__files_syscalls tsr__files_sys = FILES_REAL_SYSCALLS;

/* openat() retrying EINTR. */
int tsr__files_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	int fd;

	do {
		fd = SYS.openat(dirfd, path, flags, mode);
	} while (fd < 0 && errno == EINTR);
	return fd;
}

/*
 * Opens the record 'name' in 'dirfd' for reading ('flags' are added to
 * O_RDONLY) without touching its access time. A record's mtime is its
 * deadline, in the future, so under relatime, the usual mount option,
 * every read would move the atime: a journalled inode update per read,
 * for a time nothing looks at. O_NOATIME needs the file's owner (the
 * store's files are ours) or CAP_FOWNER: on EPERM it opens without.
 * Returns the descriptor, or -1 with errno.
 */
int tsr__files_open_record(int dirfd, const char *name, int flags)
{
	int fd = tsr__files_openat(dirfd, name, O_RDONLY | O_NOATIME | flags, 0);

	if (fd < 0 && errno == EPERM) {
		fd = tsr__files_openat(dirfd, name, O_RDONLY | flags, 0);
	}
	return fd;
}

/* close() that keeps errno; never retried (the descriptor is gone either way). */
void tsr__files_close(int *fd)
{
	int saved = errno;

	if (*fd >= 0) {
		SYS.close(*fd);
		*fd = -1;
	}
	errno = saved;
}

/* fsync() retrying EINTR. */
int tsr__files_fsync(int fd)
{
	int rc;

	do {
		rc = SYS.fsync(fd);
	} while (rc != 0 && errno == EINTR);
	return rc;
}

/*
 * Makes a change to 'fd' (a file, or a directory after a rename or unlink
 * in it) durable with tsr__files_fsync when the store's sync option asks
 * for it: with sync=full always; with sync=ends only when the change
 * 'ends_id' (it ends a session ID, or a later revocation must find it);
 * with sync=off never. Returns 0, or -1 with errno from fsync.
 */
int tsr__files_sync(const files_store *fs, int fd, bool ends_id)
{
	bool wanted = fs->sync == FILES_SYNC_FULL || (fs->sync == FILES_SYNC_ENDS && ends_id);

	return wanted ? tsr__files_fsync(fd) : 0;
}

/* ---- errors ------------------------------------------------------------------------------- */

/* Returns a thread-safe description of 'err'. */
const char *tsr__files_strerror(int err)
{
	const char *s = strerrordesc_np(err);

	return s != NULL ? s : "unknown error";
}

/*
 * Records the failure 'err' (an errno) of 'what' on the session named by
 * 'n' (NULL: the store itself) and returns its code: TSR_EUNSAFE for a
 * symbolic link or a non-directory where a directory belongs, TSR_ENOMEM,
 * else TSR_EIO.
 */
int tsr__files_fail(files_store *fs, int err, const char *what, const files_names *n)
{
	int code = TSR_EIO;

	if (err == ELOOP || err == ENOTDIR) {
		code = TSR_EUNSAFE;
	} else if (err == ENOMEM) {
		code = TSR_ENOMEM;
	}
	if (n != NULL) {
		return tsr_error_set(&fs->base.error, code, "files store: session %.12s: %s: %s", n->hex,
		                     what,
		                     err == ELOOP ? "symbolic link refused" : tsr__files_strerror(err));
	}
	return tsr_error_set(&fs->base.error, code, "files store: %s: %s", what,
	                     err == ELOOP ? "symbolic link refused" : tsr__files_strerror(err));
}

/* ---- names and clocks --------------------------------------------------------------------- */

/* Fills 'n' from the bytes of 'key' (its hex form is not trusted). */
void tsr__files_names_make(const tsr_key *key, files_names *n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < TSR_KEY_LEN; i++) {
		n->hex[2 * i] = digits[key->bytes[i] >> 4];
		n->hex[2 * i + 1] = digits[key->bytes[i] & 0x0f];
	}
	n->hex[TSR_KEY_HEX_LEN] = '\0';
	memcpy(n->d1, n->hex, 2);
	n->d1[2] = '\0';
	memcpy(n->d2, n->hex + 2, 2);
	n->d2[2] = '\0';
	memcpy(n->rec, n->hex, TSR_KEY_HEX_LEN);
	memcpy(n->rec + TSR_KEY_HEX_LEN, FILES_SUFFIX_REC, sizeof(FILES_SUFFIX_REC));
	memcpy(n->lock, n->hex, TSR_KEY_HEX_LEN);
	memcpy(n->lock + TSR_KEY_HEX_LEN, FILES_SUFFIX_LOCK, sizeof(FILES_SUFFIX_LOCK));
	memcpy(n->spare, n->hex, TSR_KEY_HEX_LEN);
	memcpy(n->spare + TSR_KEY_HEX_LEN, FILES_SUFFIX_SPARE, sizeof(FILES_SUFFIX_SPARE));
}

/* True when the 'len' bytes at 's' are all lower-case hex digits. */
bool tsr__files_is_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
			return false;
		}
	}
	return true;
}

/* Converts a file time to ms since the epoch. */
int64_t tsr__files_ts_to_ms(const struct timespec *ts)
{
	return (int64_t) ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

/* Converts ms since the epoch ('ms' >= 0) to a file time. */
struct timespec tsr__files_ms_to_ts(int64_t ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t) (ms / 1000);
	ts.tv_nsec = (long) (ms % 1000) * 1000000L;
	return ts;
}

/* ---- safe opening ------------------------------------------------------------------------- */

/*
 * Checks that 'sb' describes an object of 'type' (S_IFREG or S_IFDIR)
 * owned by our effective uid. Returns TSR_OK or TSR_EUNSAFE.
 */
int tsr__files_check_stat(files_store *fs, const struct stat *sb, mode_t type, const char *what,
                          const files_names *n)
{
	const char *who = n != NULL ? n->hex : "-";

	if ((sb->st_mode & S_IFMT) != type) {
		return tsr_error_set(&fs->base.error, TSR_EUNSAFE,
		                     "files store: session %.12s: %s is not a %s", who, what,
		                     type == S_IFDIR ? "directory" : "regular file");
	}
	if (sb->st_uid != fs->euid) {
		return tsr_error_set(&fs->base.error, TSR_EUNSAFE,
		                     "files store: session %.12s: %s is owned by uid %u, not %u", who, what,
		                     (unsigned) sb->st_uid, (unsigned) fs->euid);
	}
	return TSR_OK;
}

/* fstat()s 'fd' and checks it like tsr__files_check_stat; the result goes to '*sb' when non-NULL.
 */
int tsr__files_check_fd(files_store *fs, int fd, mode_t type, const char *what,
                        const files_names *n, struct stat *sb)
{
	struct stat tmp;

	if (sb == NULL) {
		sb = &tmp;
	}
	if (SYS.fstat(fd, sb) != 0) {
		return tsr__files_fail(fs, errno, what, n);
	}
	return tsr__files_check_stat(fs, sb, type, what, n);
}

/*
 * Opens the directory 'name' under 'parent' into '*out'; a missing one is
 * created (0700) or not as 'mode' says (see files_dir_mode). Returns
 * TSR_OK, TSR_ENOTFOUND (missing with FILES_DIR_EXISTING; no error
 * recorded), TSR_EUNSAFE (symbolic link, not a directory, foreign owner),
 * TSR_EIO, TSR_ENOMEM.
 */
int tsr__files_subdir_open(files_store *fs, int parent, const char *name, files_dir_mode mode,
                           int *out, const files_names *n)
{
	int attempt;
	int fd = -1;
	int rc;

	*out = -1;
	for (attempt = 0;; attempt++) {
		fd = tsr__files_openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
		if (fd >= 0) {
			break;
		}
		if (errno != ENOENT) {
			return tsr__files_fail(fs, errno, "open shard directory", n);
		}
		if (mode == FILES_DIR_EXISTING) {
			return TSR_ENOTFOUND;
		}
		if (attempt >= 2) {
			return tsr__files_fail(fs, ENOENT, "open shard directory", n);
		}
		if (SYS.mkdirat(parent, name, 0700) != 0) {
			if (errno != EEXIST) {
				return tsr__files_fail(fs, errno, "create shard directory", n);
			}
		} else if (mode == FILES_DIR_CREATE_FLUSHED && tsr__files_fsync(parent) != 0) {
			return tsr__files_fail(fs, errno, "sync store directory", n);
		}
	}
	rc = tsr__files_check_fd(fs, fd, S_IFDIR, "shard directory", n, NULL);
	if (rc != TSR_OK) {
		tsr__files_close(&fd);
		return rc;
	}
	*out = fd;
	return TSR_OK;
}

/*
 * Opens the two-level shard of 'n' into '*out', creating missing levels
 * when 'create': see tsr__files_subdir_open for codes. A new level is
 * flushed only with sync=full, the one mode whose records must outlive a
 * power loss (and so must the directories holding them). Otherwise losing
 * a new shard loses only sessions created since, which sync=ends does not
 * keep either, and no ID in it can come back; the fsync, a journal commit
 * on ext4, made a new session over ten times dearer than one whose shard
 * exists.
 */
int tsr__files_shard_open(files_store *fs, const files_names *n, bool create, int *out)
{
	files_dir_mode mode = !create                       ? FILES_DIR_EXISTING
	                      : fs->sync == FILES_SYNC_FULL ? FILES_DIR_CREATE_FLUSHED
	                                                    : FILES_DIR_CREATE;
	int d1 = -1;
	int rc;

	*out = -1;
	rc = tsr__files_subdir_open(fs, fs->root_fd, n->d1, mode, &d1, n);
	if (rc != TSR_OK) {
		return rc;
	}
	rc = tsr__files_subdir_open(fs, d1, n->d2, mode, out, n);
	tsr__files_close(&d1);
	return rc;
}

/* Makes sure 'lk' has its shard open (see tsr__files_shard_open). */
int tsr__files_lock_shard(files_store *fs, files_lock *lk, const files_names *n, bool create)
{
	if (lk->shard_fd >= 0) {
		return TSR_OK;
	}
	return tsr__files_shard_open(fs, n, create, &lk->shard_fd);
}

/*
 * Opens the lock file of 'n' in 'shard' for reading and writing (the OFD
 * write lock needs write access), creating it (0600) when 'create'. Its
 * identity goes to '*sb'. Returns TSR_OK, TSR_ENOTFOUND (missing and not
 * 'create'), TSR_EUNSAFE, TSR_EIO.
 */
int tsr__files_lockfile_open(files_store *fs, int shard, const files_names *n, bool create,
                             int *out, struct stat *sb)
{
	int flags = O_RDWR | O_NOFOLLOW | O_CLOEXEC | (create ? O_CREAT : 0);
	int fd;
	int rc;

	*out = -1;
	fd = tsr__files_openat(shard, n->lock, flags, 0600);
	if (fd < 0) {
		if (errno == ENOENT && !create) {
			return TSR_ENOTFOUND;
		}
		return tsr__files_fail(fs, errno, "open lock file", n);
	}
	rc = tsr__files_check_fd(fs, fd, S_IFREG, "lock file", n, sb);
	if (rc != TSR_OK) {
		tsr__files_close(&fd);
		return rc;
	}
	*out = fd;
	return TSR_OK;
}

/*
 * Tells whether 'name' in 'dir' is still the file described by 'held'.
 * Returns 1 (same), 0 (gone or another file) or -1 with errno set.
 */
int tsr__files_same_file(int dir, const char *name, const struct stat *held)
{
	struct stat now;

	if (SYS.fstatat(dir, name, &now, AT_SYMLINK_NOFOLLOW) != 0) {
		return errno == ENOENT ? 0 : -1;
	}
	return now.st_dev == held->st_dev && now.st_ino == held->st_ino;
}

/*
 * Tells whether the record of 'n' exists in 'shard'. Returns 1, 0 or a
 * TSR_E* code (TSR_EUNSAFE when it is not a regular file of ours).
 */
int tsr__files_record_exists(files_store *fs, int shard, const files_names *n)
{
	struct stat sb;
	int rc;

	if (SYS.fstatat(shard, n->rec, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT) {
			return 0;
		}
		return tsr__files_fail(fs, errno, "stat record", n);
	}
	rc = tsr__files_check_stat(fs, &sb, S_IFREG, "record", n);
	return rc == TSR_OK ? 1 : rc;
}

/* True when 'name' is a two-digit lower-case hex shard name. */
bool tsr__files_is_shard_name(const char *name)
{
	return strlen(name) == 2 && tsr__files_is_hex(name, 2);
}

/*
 * Opens directory 'fd' for reading with a descriptor of its own. Returns a
 * DIR or NULL with errno set.
 */
DIR *tsr__files_opendir(int fd)
{
	DIR *dir;
	int dfd;

	dfd = tsr__files_openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (dfd < 0) {
		return NULL;
	}
	dir = fdopendir(dfd);
	if (dir == NULL) {
		tsr__files_close(&dfd);
	}
	return dir;
}
