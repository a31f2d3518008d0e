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
 *   <root>/<hex[0..1]>/<hex[2..3]>/<hex>.tmp.<rand>  a write in progress
 *
 * Shard directories are created on demand (mode 0700) and never removed.
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
 * stale markers are skipped and removed by listing (files_list_user) and
 * gc (files_gc_users), both re-checking under the session's write mutex so
 * that they never remove a marker a writer has just made. Empty user
 * directories are removed by gc; a writer that loses its directory to gc
 * makes it again. Same rules as the shards: openat, O_NOFOLLOW, owner
 * checks.
 * Every name is built from the key's bytes alone, so no path can leave the
 * root; everything is opened relative to the root's descriptor with
 * O_NOFOLLOW, and every file or directory opened is fstat-checked to be of
 * the expected type and owned by us (TSR_EUNSAFE otherwise).
 *
 * METADATA. The record file's mtime IS the session's expires_at (set with
 * nanosecond precision from ms), so gc and expiry need only fstat, and a
 * touch is a futimens on the record. This needs a file system with at
 * least millisecond timestamps (ext4, xfs, btrfs, tmpfs).
 *
 * TWO LOCKS ON THE LOCK FILE, independent of each other:
 *   - the session lock: flock(LOCK_EX), held by an EXCLUSIVE handle from
 *     files_acquire to release (files_unlock). Waiters block in the kernel
 *     and are woken on release; a crashed holder's flock ends with its
 *     process. The wait limit interrupts the blocked flock with a per-thread
 *     POSIX timer signal (files_flock_wait).
 *   - the write mutex: an OFD lock on byte 0, held only for the few system
 *     calls that change the record (files_mutex_enter / files_mutex_leave):
 *     "check the record still exists, then rename", touch, the unlinks of
 *     destroy and gc. It makes those steps atomic also for NONE writers, who
 *     hold no flock, without waiting for a long-running EXCLUSIVE holder.
 *
 * LOCK FILE LIFECYCLE. A lock file is created (O_CREAT) by whoever needs
 * it. It is unlinked only by someone holding BOTH its flock and its write
 * mutex, and only when the record is absent or being deleted in the same
 * critical section (destroy, gc, the release of an EXCLUSIVE handle whose
 * session was never stored: files_drop_lockfile). Anyone who takes either
 * lock then checks that the path still names the inode it locked
 * (files_same_file) and starts over if not; so two holders can never hold
 * "the" lock through different inodes at the same time.
 *
 * STATE OF A HANDLE (files_lock): EXCLUSIVE holds lock_fd (flocked) from
 * acquire until TSR_RELEASE or release; READ_ONLY and NONE hold no
 * descriptor but the shard directory. shard_fd is -1 until the shard is
 * known to exist.
 *
 * WRITES (files_write): the bytes go to a temp file in the shard, which is
 * fsynced with its mtime set; then, under the write mutex, the record's
 * existence is checked (TSR_EGONE without TSR_WRITE_CREATE) and the temp
 * file renamed over the record; then the shard directory is fsynced. A
 * crash at any point leaves the old record or the new one, never a mix, and
 * at worst a temp file that gc removes after an hour.
 *
 * DESTROY (files_destroy) unlinks the record under the write mutex and
 * fsyncs the shard. An EXCLUSIVE holder destroying with TSR_RELEASE also
 * unlinks the lock file (waiters notice and start over on a new one);
 * without TSR_RELEASE it keeps its lock (it may create the session again)
 * and the lock file goes at release.
 *
 * LIMITS. Local file systems only: on NFS flock() is emulated with POSIX
 * locks and would collide with the write mutex. A process that installs
 * its own handler for SIGRTMIN+3 sees it replaced while a thread waits for
 * a lock. lock_ttl_ms is not used: a flock ends with its process.
 *
 * Every system call goes through tsr__files_sys (store_files_sys.h), so
 * tests can inject failures.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tessera/store.h"
#include "store_files_sys.h"

#ifndef sigev_notify_thread_id
#	define sigev_notify_thread_id _sigev_un._tid
#endif

/* The real-time signal that interrupts a flock() blocked past its deadline. */
#define FILES_WAKE_SIGNAL (SIGRTMIN + 3)
/* After the deadline the timer repeats this often (ns), in case one signal came too early. */
#define FILES_WAKE_REPEAT_NS 5000000L
/* How many times a lock file may change under us before we give up. */
#define FILES_MAX_RETRIES 1000
/* Temp files whose last status change is older than this (ms) are removed by gc. */
#define FILES_TEMP_MAX_AGE_MS (3600 * 1000LL)
/* The largest record the codec can produce; a bigger file is not a record. */
#define FILES_MAX_RECORD                                                                           \
	((size_t) TSR_RECORD_HEADER_LEN + 2 + TSR_RECORD_MAX_USER_ID + 2 +                             \
	 (size_t) TSR_RECORD_MAX_PROFILES * (2 + TSR_RECORD_MAX_PROFILE) + 1 + TSR_RECORD_CSRF_LEN +   \
	 4 + TSR_RECORD_MAX_FLASH + 2 + TSR_RECORD_MAX_FORWARD + 8 + 4 + TSR_RECORD_MAX_PAYLOAD)

#define FILES_SUFFIX_REC ".rec"
#define FILES_SUFFIX_LOCK ".lock"
#define FILES_SUFFIX_TMP ".tmp."
#define FILES_TMP_RAND_LEN 16
/* The per-user index lives under <root>/users (not a shard name, so walks skip it). */
#define FILES_USERS_DIR "users"
/* How much of a record to read to find its user id (header + u16 + longest id). */
#define FILES_USER_PREFIX (TSR_RECORD_HEADER_LEN + 2 + TSR_RECORD_MAX_USER_ID)

typedef struct files_store {
	tsr_store base;
	int root_fd;
} files_store;

typedef struct files_lock {
	tsr_lock base;
	int shard_fd; /* the session's shard directory, or -1 */
	int lock_fd;  /* EXCLUSIVE: the flocked lock file while held, else -1 */
} files_lock;

/* The names of one session's files, all derived from its key's bytes. */
typedef struct files_names {
	char hex[TSR_KEY_HEX_LEN + 1];
	char d1[3];
	char d2[3];
	char rec[TSR_KEY_HEX_LEN + sizeof(FILES_SUFFIX_REC)];
	char lock[TSR_KEY_HEX_LEN + sizeof(FILES_SUFFIX_LOCK)];
} files_names;

/* The index directory names of one user: SHA-256 of the user id in hex, and its first two digits.
 */
typedef struct files_user {
	char hex[TSR_KEY_HEX_LEN + 1];
	char d1[3];
} files_user;

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

/* The real system calls, by name. */
#define FILES_REAL_SYSCALLS                                                                        \
	{                                                                                              \
		.openat = sys_openat, .close = close, .read = read, .write = write, .fsync = fsync,        \
		.fstat = fstat, .fstatat = fstatat, .mkdirat = mkdirat, .renameat = renameat,              \
		.unlinkat = unlinkat, .futimens = futimens, .flock = flock, .fcntl_lock = sys_fcntl_lock,  \
		.getrandom = sys_getrandom,                                                                \
	}

const tsr__files_syscalls tsr__files_sys_default = FILES_REAL_SYSCALLS;

tsr__files_syscalls tsr__files_sys = FILES_REAL_SYSCALLS;

#define SYS tsr__files_sys

/* openat() retrying EINTR. */
static int files_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	int fd;

	do {
		fd = SYS.openat(dirfd, path, flags, mode);
	} while (fd < 0 && errno == EINTR);
	return fd;
}

/* close() that keeps errno; never retried (the descriptor is gone either way). */
static void files_close(int *fd)
{
	int saved = errno;

	if (*fd >= 0) {
		SYS.close(*fd);
		*fd = -1;
	}
	errno = saved;
}

/* fsync() retrying EINTR. */
static int files_fsync(int fd)
{
	int rc;

	do {
		rc = SYS.fsync(fd);
	} while (rc != 0 && errno == EINTR);
	return rc;
}

/* ---- errors ------------------------------------------------------------------------------- */

/* Returns a thread-safe description of 'err'. */
static const char *files_strerror(int err)
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
static int files_fail(files_store *fs, int err, const char *what, const files_names *n)
{
	int code = TSR_EIO;

	if (err == ELOOP || err == ENOTDIR) {
		code = TSR_EUNSAFE;
	} else if (err == ENOMEM) {
		code = TSR_ENOMEM;
	}
	if (n != NULL) {
		return tsr_error_set(&fs->base.error, code, "files store: session %.12s: %s: %s", n->hex,
		                     what, err == ELOOP ? "symbolic link refused" : files_strerror(err));
	}
	return tsr_error_set(&fs->base.error, code, "files store: %s: %s", what,
	                     err == ELOOP ? "symbolic link refused" : files_strerror(err));
}

/* ---- names and clocks --------------------------------------------------------------------- */

/* Fills 'n' from the bytes of 'key' (its hex form is not trusted). */
static void files_names_make(const tsr_key *key, files_names *n)
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
	snprintf(n->rec, sizeof(n->rec), "%s" FILES_SUFFIX_REC, n->hex);
	snprintf(n->lock, sizeof(n->lock), "%s" FILES_SUFFIX_LOCK, n->hex);
}

/* True when the 'len' bytes at 's' are all lower-case hex digits. */
static bool files_is_hex(const char *s, size_t len)
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
static int64_t files_ts_to_ms(const struct timespec *ts)
{
	return (int64_t) ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

/* Converts ms since the epoch ('ms' >= 0) to a file time. */
static struct timespec files_ms_to_ts(int64_t ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t) (ms / 1000);
	ts.tv_nsec = (long) (ms % 1000) * 1000000L;
	return ts;
}

/* Returns CLOCK_MONOTONIC now. */
static struct timespec files_mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

/* True when 'a' is at or after 'b'. */
static bool files_ts_reached(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec >= b->tv_nsec);
}

/* ---- safe opening ------------------------------------------------------------------------- */

/*
 * Checks that 'sb' describes an object of 'type' (S_IFREG or S_IFDIR)
 * owned by our effective uid. Returns TSR_OK or TSR_EUNSAFE.
 */
static int files_check_stat(files_store *fs, const struct stat *sb, mode_t type, const char *what,
                            const files_names *n)
{
	const char *who = n != NULL ? n->hex : "-";

	if ((sb->st_mode & S_IFMT) != type) {
		return tsr_error_set(&fs->base.error, TSR_EUNSAFE,
		                     "files store: session %.12s: %s is not a %s", who, what,
		                     type == S_IFDIR ? "directory" : "regular file");
	}
	if (sb->st_uid != geteuid()) {
		return tsr_error_set(&fs->base.error, TSR_EUNSAFE,
		                     "files store: session %.12s: %s is owned by uid %u, not %u", who, what,
		                     (unsigned) sb->st_uid, (unsigned) geteuid());
	}
	return TSR_OK;
}

/* fstat()s 'fd' and checks it like files_check_stat; the result goes to '*sb' when non-NULL. */
static int files_check_fd(files_store *fs, int fd, mode_t type, const char *what,
                          const files_names *n, struct stat *sb)
{
	struct stat tmp;

	if (sb == NULL) {
		sb = &tmp;
	}
	if (SYS.fstat(fd, sb) != 0) {
		return files_fail(fs, errno, what, n);
	}
	return files_check_stat(fs, sb, type, what, n);
}

/*
 * Opens the directory 'name' under 'parent' into '*out', creating it (0700,
 * then fsyncing 'parent') when 'create' and missing. Returns TSR_OK, TSR_ENOTFOUND (missing and not
 * 'create'; no error recorded), TSR_EUNSAFE (symbolic link, not a
 * directory, foreign owner), TSR_EIO, TSR_ENOMEM.
 */
static int files_subdir_open(files_store *fs, int parent, const char *name, bool create, int *out,
                             const files_names *n)
{
	int attempt;
	int fd = -1;
	int rc;

	*out = -1;
	for (attempt = 0;; attempt++) {
		fd = files_openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
		if (fd >= 0) {
			break;
		}
		if (errno != ENOENT) {
			return files_fail(fs, errno, "open shard directory", n);
		}
		if (!create) {
			return TSR_ENOTFOUND;
		}
		if (attempt >= 2) {
			return files_fail(fs, ENOENT, "open shard directory", n);
		}
		if (SYS.mkdirat(parent, name, 0700) != 0) {
			if (errno != EEXIST) {
				return files_fail(fs, errno, "create shard directory", n);
			}
		} else if (files_fsync(parent) != 0) {
			/* The new entry must survive a crash, or so would not the records under it. */
			return files_fail(fs, errno, "sync store directory", n);
		}
	}
	rc = files_check_fd(fs, fd, S_IFDIR, "shard directory", n, NULL);
	if (rc != TSR_OK) {
		files_close(&fd);
		return rc;
	}
	*out = fd;
	return TSR_OK;
}

/* Opens the two-level shard of 'n' into '*out': see files_subdir_open for codes. */
static int files_shard_open(files_store *fs, const files_names *n, bool create, int *out)
{
	int d1 = -1;
	int rc;

	*out = -1;
	rc = files_subdir_open(fs, fs->root_fd, n->d1, create, &d1, n);
	if (rc != TSR_OK) {
		return rc;
	}
	rc = files_subdir_open(fs, d1, n->d2, create, out, n);
	files_close(&d1);
	return rc;
}

/* Makes sure 'lk' has its shard open (see files_shard_open). */
static int files_lock_shard(files_store *fs, files_lock *lk, const files_names *n, bool create)
{
	if (lk->shard_fd >= 0) {
		return TSR_OK;
	}
	return files_shard_open(fs, n, create, &lk->shard_fd);
}

/*
 * Opens the lock file of 'n' in 'shard' for reading and writing (the OFD
 * write lock needs write access), creating it (0600) when 'create'. Its
 * identity goes to '*sb'. Returns TSR_OK, TSR_ENOTFOUND (missing and not
 * 'create'), TSR_EUNSAFE, TSR_EIO.
 */
static int files_lockfile_open(files_store *fs, int shard, const files_names *n, bool create,
                               int *out, struct stat *sb)
{
	int flags = O_RDWR | O_NOFOLLOW | O_CLOEXEC | (create ? O_CREAT : 0);
	int fd;
	int rc;

	*out = -1;
	fd = files_openat(shard, n->lock, flags, 0600);
	if (fd < 0) {
		if (errno == ENOENT && !create) {
			return TSR_ENOTFOUND;
		}
		return files_fail(fs, errno, "open lock file", n);
	}
	rc = files_check_fd(fs, fd, S_IFREG, "lock file", n, sb);
	if (rc != TSR_OK) {
		files_close(&fd);
		return rc;
	}
	*out = fd;
	return TSR_OK;
}

/*
 * Tells whether 'name' in 'dir' is still the file described by 'held'.
 * Returns 1 (same), 0 (gone or another file) or -1 with errno set.
 */
static int files_same_file(int dir, const char *name, const struct stat *held)
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
static int files_record_exists(files_store *fs, int shard, const files_names *n)
{
	struct stat sb;
	int rc;

	if (SYS.fstatat(shard, n->rec, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT) {
			return 0;
		}
		return files_fail(fs, errno, "stat record", n);
	}
	rc = files_check_stat(fs, &sb, S_IFREG, "record", n);
	return rc == TSR_OK ? 1 : rc;
}

/* ---- the write mutex ---------------------------------------------------------------------- */

/* Takes the OFD write lock on byte 0 of 'fd', waiting for it. Returns 0 or -1 with errno. */
static int files_mutex_lock(int fd)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 0;
	fl.l_len = 1;
	while (SYS.fcntl_lock(fd, F_OFD_SETLKW, &fl) != 0) {
		if (errno != EINTR) {
			return -1;
		}
	}
	return 0;
}

/* Drops the OFD write lock on 'fd'. */
static void files_mutex_unlock(int fd)
{
	struct flock fl;
	int saved = errno;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_UNLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 0;
	fl.l_len = 1;
	SYS.fcntl_lock(fd, F_OFD_SETLK, &fl);
	errno = saved;
}

/*
 * Enters the write mutex of 'lk's session, whose shard must be open. An
 * EXCLUSIVE holder locks its own lock file and then checks it is still the
 * one at the path (TSR_ELOCKLOST if not: someone removed it behind our
 * back). Anyone else opens (creating) the lock file, locks it, and starts
 * over until the locked file is the one the path names. '*mfd' receives the
 * locked descriptor and '*owned' whether the caller must close it (after
 * files_mutex_leave); '*sb' its identity. Returns TSR_OK, TSR_ELOCKLOST,
 * TSR_EUNSAFE, TSR_EIO.
 */
static int files_mutex_enter(files_store *fs, files_lock *lk, const files_names *n, int *mfd,
                             bool *owned, struct stat *sb)
{
	int attempt;
	int fd = -1;
	int rc;
	int same;

	*mfd = -1;
	*owned = false;
	if (lk->lock_fd >= 0) {
		if (SYS.fstat(lk->lock_fd, sb) != 0) {
			return files_fail(fs, errno, "stat lock file", n);
		}
		if (files_mutex_lock(lk->lock_fd) != 0) {
			return files_fail(fs, errno, "lock write mutex", n);
		}
		same = files_same_file(lk->shard_fd, n->lock, sb);
		if (same != 1) {
			files_mutex_unlock(lk->lock_fd);
			if (same < 0) {
				return files_fail(fs, errno, "stat lock file", n);
			}
			return tsr_error_set(&fs->base.error, TSR_ELOCKLOST,
			                     "files store: session %.12s: lock file was removed", n->hex);
		}
		*mfd = lk->lock_fd;
		return TSR_OK;
	}
	for (attempt = 0; attempt < FILES_MAX_RETRIES; attempt++) {
		rc = files_lockfile_open(fs, lk->shard_fd, n, true, &fd, sb);
		if (rc != TSR_OK) {
			return rc;
		}
		if (files_mutex_lock(fd) != 0) {
			rc = files_fail(fs, errno, "lock write mutex", n);
			files_close(&fd);
			return rc;
		}
		same = files_same_file(lk->shard_fd, n->lock, sb);
		if (same == 1) {
			*mfd = fd;
			*owned = true;
			return TSR_OK;
		}
		rc = same < 0 ? files_fail(fs, errno, "stat lock file", n) : TSR_OK;
		files_close(&fd); /* also drops the OFD lock */
		if (rc != TSR_OK) {
			return rc;
		}
	}
	return tsr_error_set(&fs->base.error, TSR_EIO,
	                     "files store: session %.12s: lock file keeps changing", n->hex);
}

/* Leaves the write mutex entered by files_mutex_enter and closes what it opened. */
static void files_mutex_leave(int *mfd, bool owned)
{
	if (*mfd < 0) {
		return;
	}
	files_mutex_unlock(*mfd);
	if (owned) {
		files_close(mfd);
	}
	*mfd = -1;
}

/*
 * Unlinks the lock file 'fd' of 'n' when nobody holds or wants it: the
 * caller holds its write mutex and knows the record is absent. Unless
 * 'have_flock', the flock is tried without waiting and the file is left
 * alone when busy (an EXCLUSIVE holder will remove it on release). Errors
 * are ignored: a leftover lock file is only untidy, and gc removes it.
 */
static void files_drop_lockfile(int shard, const files_names *n, int fd, bool have_flock)
{
	int saved = errno;

	if (!have_flock && SYS.flock(fd, LOCK_EX | LOCK_NB) != 0) {
		errno = saved;
		return;
	}
	SYS.unlinkat(shard, n->lock, 0);
	if (!have_flock) {
		SYS.flock(fd, LOCK_UN);
	}
	errno = saved;
}

/* ---- the session lock: flock with a kernel-side wait limit -------------------------------- */

static pthread_mutex_t files_sig_mutex = PTHREAD_MUTEX_INITIALIZER;
static unsigned files_sig_users;
static struct sigaction files_sig_saved;

/* The wake-up signal only has to interrupt flock(); it does nothing itself. */
static void files_sig_noop(int signo)
{
	(void) signo;
}

/*
 * Installs the no-op handler (without SA_RESTART, so flock() fails with
 * EINTR) for the first waiter of the process; later waiters share it.
 * Returns 0 or -1 with errno.
 */
static int files_sig_hold(void)
{
	struct sigaction sa;
	int rc = 0;

	pthread_mutex_lock(&files_sig_mutex);
	if (files_sig_users == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = files_sig_noop;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = 0;
		rc = sigaction(FILES_WAKE_SIGNAL, &sa, &files_sig_saved);
	}
	if (rc == 0) {
		files_sig_users++;
	}
	pthread_mutex_unlock(&files_sig_mutex);
	return rc;
}

/* Restores the previous action of the wake-up signal when the last waiter leaves. */
static void files_sig_drop(void)
{
	pthread_mutex_lock(&files_sig_mutex);
	if (--files_sig_users == 0) {
		sigaction(FILES_WAKE_SIGNAL, &files_sig_saved, NULL);
	}
	pthread_mutex_unlock(&files_sig_mutex);
}

/*
 * Takes flock(LOCK_EX) on 'fd', waiting in the kernel until the CLOCK_MONOTONIC
 * 'deadline'. A per-thread timer sends FILES_WAKE_SIGNAL at the deadline
 * and every FILES_WAKE_REPEAT_NS after it (so a signal that lands just
 * before flock() blocks cannot leave us blocked), which makes flock() fail
 * with EINTR; any EINTR re-checks the deadline. The signal's action and the
 * thread's mask are restored afterwards. Returns TSR_OK, TSR_ELOCKTIMEOUT,
 * TSR_EIO.
 */
static int files_flock_wait(files_store *fs, int fd, const struct timespec *deadline,
                            const files_names *n)
{
	struct itimerspec its;
	struct sigevent sev;
	struct timespec now;
	sigset_t wake, old_mask;
	timer_t timer;
	bool have_sig = false, have_mask = false, have_timer = false;
	int rc = TSR_OK;

	if (SYS.flock(fd, LOCK_EX | LOCK_NB) == 0) {
		return TSR_OK;
	}
	if (errno != EWOULDBLOCK && errno != EINTR) {
		return files_fail(fs, errno, "lock session", n);
	}
	now = files_mono_now();
	if (files_ts_reached(&now, deadline)) {
		goto timeout;
	}

	if (files_sig_hold() != 0) {
		rc = files_fail(fs, errno, "install lock wait signal", n);
		goto cleanup;
	}
	have_sig = true;
	sigemptyset(&wake);
	sigaddset(&wake, FILES_WAKE_SIGNAL);
	if (pthread_sigmask(SIG_UNBLOCK, &wake, &old_mask) != 0) {
		rc = files_fail(fs, EINVAL, "unblock lock wait signal", n);
		goto cleanup;
	}
	have_mask = true;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = FILES_WAKE_SIGNAL;
	sev.sigev_notify_thread_id = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0) {
		rc = files_fail(fs, errno, "create lock wait timer", n);
		goto cleanup;
	}
	have_timer = true;
	its.it_value = *deadline;
	its.it_interval.tv_sec = 0;
	its.it_interval.tv_nsec = FILES_WAKE_REPEAT_NS;
	if (timer_settime(timer, TIMER_ABSTIME, &its, NULL) != 0) {
		rc = files_fail(fs, errno, "arm lock wait timer", n);
		goto cleanup;
	}
	for (;;) {
		if (SYS.flock(fd, LOCK_EX) == 0) {
			rc = TSR_OK;
			break;
		}
		if (errno != EINTR) {
			rc = files_fail(fs, errno, "lock session", n);
			break;
		}
		now = files_mono_now();
		if (files_ts_reached(&now, deadline)) {
			rc = TSR_ELOCKTIMEOUT;
			break;
		}
	}

cleanup:
	if (have_timer) {
		timer_delete(timer);
	}
	if (have_mask) {
		pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	}
	if (have_sig) {
		files_sig_drop();
	}
	if (rc != TSR_ELOCKTIMEOUT) {
		return rc;
	}
timeout:
	return tsr_error_set(&fs->base.error, TSR_ELOCKTIMEOUT,
	                     "files store: session %.12s: lock wait limit of %d ms reached", n->hex,
	                     fs->base.config.lock_wait_ms);
}

/*
 * Opens (creating) and flocks the lock file of 'lk's session within the
 * store's wait limit, starting over whenever the file we locked is no
 * longer the one at its path (removed by destroy or gc meanwhile). On
 * TSR_OK 'lk->lock_fd' holds the lock. Returns TSR_OK, TSR_ELOCKTIMEOUT,
 * TSR_EUNSAFE, TSR_EIO.
 */
static int files_lock_take(files_store *fs, files_lock *lk, const files_names *n)
{
	struct timespec deadline = files_mono_now();
	struct stat sb;
	int64_t wait_ms = fs->base.config.lock_wait_ms;
	int attempt;
	int fd = -1;
	int rc;
	int same;

	deadline.tv_sec += (time_t) (wait_ms / 1000);
	deadline.tv_nsec += (long) (wait_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	for (attempt = 0; attempt < FILES_MAX_RETRIES; attempt++) {
		rc = files_lockfile_open(fs, lk->shard_fd, n, true, &fd, &sb);
		if (rc != TSR_OK) {
			return rc;
		}
		rc = files_flock_wait(fs, fd, &deadline, n);
		if (rc != TSR_OK) {
			files_close(&fd);
			return rc;
		}
		same = files_same_file(lk->shard_fd, n->lock, &sb);
		if (same == 1) {
			lk->lock_fd = fd;
			lk->base.held = true;
			return TSR_OK;
		}
		rc = same < 0 ? files_fail(fs, errno, "stat lock file", n) : TSR_OK;
		SYS.flock(fd, LOCK_UN);
		files_close(&fd);
		if (rc != TSR_OK) {
			return rc;
		}
	}
	return tsr_error_set(&fs->base.error, TSR_EIO,
	                     "files store: session %.12s: lock file keeps changing", n->hex);
}

/*
 * Gives up what 'lk' holds: the flock of an EXCLUSIVE handle (unlocked
 * explicitly, so a forked copy of the descriptor cannot keep it). When
 * 'tidy', a lock file whose session has no record is unlinked first, under
 * the write mutex, so probing unknown IDs leaves nothing behind. Marks the
 * handle released. Never fails.
 */
static void files_unlock(files_store *fs, files_lock *lk, const files_names *n, bool tidy)
{
	tsr_error saved = fs->base.error;
	struct stat sb;
	int mfd = -1;
	bool owned = false;

	if (lk->lock_fd >= 0) {
		if (tidy && lk->shard_fd >= 0 &&
		    files_mutex_enter(fs, lk, n, &mfd, &owned, &sb) == TSR_OK) {
			if (files_record_exists(fs, lk->shard_fd, n) == 0) {
				files_drop_lockfile(lk->shard_fd, n, lk->lock_fd, true);
			}
			files_mutex_leave(&mfd, owned);
		}
		fs->base.error = saved;
		SYS.flock(lk->lock_fd, LOCK_UN);
		files_close(&lk->lock_fd);
	}
	lk->base.held = false;
	lk->base.released = true;
}

/* ---- reading and writing records ---------------------------------------------------------- */

/*
 * Reads the record of 'n' from 'shard' into 'out' (a new buffer owned by
 * the caller) and its mtime into '*expires_at'. Returns TSR_OK,
 * TSR_ENOTFOUND (no record; no error recorded), TSR_EUNSAFE, TSR_EIO,
 * TSR_ENOMEM.
 */
static int files_record_read(files_store *fs, int shard, const files_names *n, tsr_bytes *out,
                             int64_t *expires_at)
{
	struct stat sb;
	uint8_t *buf = NULL;
	size_t size, done = 0;
	ssize_t got;
	int fd;
	int rc;

	fd = files_openat(shard, n->rec, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
	if (fd < 0) {
		if (errno == ENOENT) {
			return TSR_ENOTFOUND;
		}
		return files_fail(fs, errno, "open record", n);
	}
	rc = files_check_fd(fs, fd, S_IFREG, "record", n, &sb);
	if (rc != TSR_OK) {
		goto cleanup;
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
			rc = files_fail(fs, errno, "read record", n);
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
	*expires_at = files_ts_to_ms(&sb.st_mtim);
	rc = TSR_OK;

cleanup:
	free(buf);
	files_close(&fd);
	return rc;
}

/*
 * Creates a new temp file for 'n' in 'shard' holding the 'len' bytes at
 * 'data', with mtime 'expires_at', fsynced. Its name goes to 'tmpname'
 * (FILES names buffer). Returns TSR_OK or TSR_EIO; on failure no temp file
 * is left.
 */
static int files_temp_write(files_store *fs, int shard, const files_names *n, const uint8_t *data,
                            size_t len, int64_t expires_at, char *tmpname, size_t tmpname_size)
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
			return files_fail(fs, errno != 0 ? errno : EIO, "name temp file", n);
		}
		for (i = 0; i < sizeof(rnd); i++) {
			rhex[2 * i] = digits[rnd[i] >> 4];
			rhex[2 * i + 1] = digits[rnd[i] & 0x0f];
		}
		rhex[FILES_TMP_RAND_LEN] = '\0';
		snprintf(tmpname, tmpname_size, "%s" FILES_SUFFIX_TMP "%s", n->hex, rhex);
		fd = files_openat(shard, tmpname, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		                  0600);
		if (fd >= 0) {
			break;
		}
		if (errno != EEXIST || attempt >= 8) {
			return files_fail(fs, errno, "create temp file", n);
		}
	}
	while (done < len) {
		got = SYS.write(fd, data + done, len - done);
		if (got < 0) {
			if (errno == EINTR) {
				continue;
			}
			rc = files_fail(fs, errno, "write temp file", n);
			goto fail;
		}
		done += (size_t) got;
	}
	times[0].tv_sec = 0;
	times[0].tv_nsec = UTIME_OMIT;
	times[1] = files_ms_to_ts(expires_at);
	if (SYS.futimens(fd, times) != 0) {
		rc = files_fail(fs, errno, "set record deadline", n);
		goto fail;
	}
	if (files_fsync(fd) != 0) {
		rc = files_fail(fs, errno, "sync temp file", n);
		goto fail;
	}
	files_close(&fd);
	return TSR_OK;

fail:
	files_close(&fd);
	SYS.unlinkat(shard, tmpname, 0);
	return rc;
}

/* ---- the per-user index ------------------------------------------------------------------- */

/*
 * Finds the user id inside the encoded record 'buf' ('len' bytes; record
 * format v1, see tessera/record.h: the u16 length and the bytes right after
 * the fixed header). Sets '*uid' / '*ulen' (borrowed from 'buf') and
 * returns true when the record names a user; false for no user or bytes
 * that are not a v1 record (those are never indexed).
 */
static bool files_user_of(const uint8_t *buf, size_t len, const uint8_t **uid, size_t *ulen)
{
	size_t n;

	*uid = NULL;
	*ulen = 0;
	if (buf == NULL || len < TSR_RECORD_HEADER_LEN + 2 || memcmp(buf, TSR_RECORD_MAGIC, 4) != 0 ||
	    buf[4] != TSR_RECORD_VERSION) {
		return false;
	}
	n = (size_t) buf[TSR_RECORD_HEADER_LEN] | ((size_t) buf[TSR_RECORD_HEADER_LEN + 1] << 8);
	if (n == 0 || n > TSR_RECORD_MAX_USER_ID || len - TSR_RECORD_HEADER_LEN - 2 < n) {
		return false;
	}
	*uid = buf + TSR_RECORD_HEADER_LEN + 2;
	*ulen = n;
	return true;
}

/*
 * Reads the user id of the stored record of 'n' in 'shard' into 'uid'
 * (FILES_USER_PREFIX bytes) and its length into '*ulen' (0: no record, no
 * user, or unreadable). Only the record's first bytes are read. Errors are
 * not reported: an unknown old user only leaves a stale marker behind,
 * which listing and gc remove.
 */
static void files_stored_user(files_store *fs, int shard, const files_names *n, uint8_t *uid,
                              size_t *ulen)
{
	uint8_t buf[FILES_USER_PREFIX];
	const uint8_t *found;
	size_t done = 0;
	ssize_t got;
	int fd;

	*ulen = 0;
	fd = files_openat(shard, n->rec, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
	if (fd < 0) {
		return;
	}
	if (files_check_fd(fs, fd, S_IFREG, "record", n, NULL) != TSR_OK) {
		tsr_error_clear(&fs->base.error);
		files_close(&fd);
		return;
	}
	while (done < sizeof(buf)) {
		got = SYS.read(fd, buf + done, sizeof(buf) - done);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got <= 0) {
			break;
		}
		done += (size_t) got;
	}
	files_close(&fd);
	if (files_user_of(buf, done, &found, ulen)) {
		memcpy(uid, found, *ulen);
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
 * creating the missing levels when 'create'. Returns TSR_OK, TSR_ENOTFOUND
 * (missing and not 'create'; nothing recorded), TSR_EUNSAFE, TSR_EIO.
 */
static int files_user_dir_open(files_store *fs, const files_user *u, bool create, int *out,
                               const files_names *n)
{
	int top = -1;
	int mid = -1;
	int rc;

	*out = -1;
	rc = files_subdir_open(fs, fs->root_fd, FILES_USERS_DIR, create, &top, n);
	if (rc == TSR_OK) {
		rc = files_subdir_open(fs, top, u->d1, create, &mid, n);
	}
	if (rc == TSR_OK) {
		rc = files_subdir_open(fs, mid, u->hex, create, out, n);
	}
	files_close(&mid);
	files_close(&top);
	return rc;
}

/*
 * Makes sure the user 'uid' ('len' bytes) has the marker of session 'n':
 * an empty file named after the session's key in the user's index
 * directory. A new marker is made durable (the directory fsynced) before
 * this returns, so a record that names the user is never stored without
 * its marker. A marker directory removed by gc in between is created
 * again. Returns TSR_OK, TSR_EUNSAFE (a marker that is not a regular file
 * of ours), TSR_EIO, TSR_ECRYPTO, TSR_ENOMEM.
 */
static int files_user_mark(files_store *fs, const uint8_t *uid, size_t len, const files_names *n)
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
		fd = files_openat(dfd, n->hex, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			files_close(&fd);
			rc = files_fsync(dfd) == 0 ? TSR_OK : files_fail(fs, errno, "sync user index", n);
			break;
		}
		if (errno == EEXIST) {
			if (SYS.fstatat(dfd, n->hex, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
				rc = files_fail(fs, errno, "stat user index marker", n);
			} else {
				rc = files_check_stat(fs, &sb, S_IFREG, "user index marker", n);
			}
			break;
		}
		if (errno != ENOENT || attempt >= 2) {
			rc = files_fail(fs, errno, "create user index marker", n);
			break;
		}
		files_close(&dfd); /* the directory went away under us (gc): once more */
	}
	files_close(&dfd);
	return rc;
}

/* Removes the marker of session 'n' from the index of user 'uid' ('len' bytes). Errors ignored. */
static void files_user_unmark(files_store *fs, const uint8_t *uid, size_t len, const files_names *n)
{
	tsr_error saved = fs->base.error;
	files_user u;
	int dfd = -1;

	if (files_user_names(fs, uid, len, &u) == TSR_OK &&
	    files_user_dir_open(fs, &u, false, &dfd, n) == TSR_OK) {
		SYS.unlinkat(dfd, n->hex, 0);
		files_close(&dfd);
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
	if (files_shard_open(fs, n, true, &lk.shard_fd) != TSR_OK ||
	    files_mutex_enter(fs, &lk, n, &mfd, &owned, &sb) != TSR_OK) {
		goto cleanup;
	}
	files_stored_user(fs, lk.shard_fd, n, uid, &len);
	if (len == 0 || files_user_names(fs, uid, len, &now) != TSR_OK ||
	    strcmp(now.hex, u->hex) != 0) {
		SYS.unlinkat(dfd, n->hex, 0);
	}
	if (files_record_exists(fs, lk.shard_fd, n) == 0) {
		files_drop_lockfile(lk.shard_fd, n, mfd, false);
	}
	files_mutex_leave(&mfd, owned);

cleanup:
	files_close(&lk.shard_fd);
	fs->base.error = saved;
}

/* ---- the driver's ops --------------------------------------------------------------------- */

/*
 * Opens the files store at 'dsn->path' (see the header comment for the
 * rules on the root directory). Returns TSR_OK, TSR_EBADDSN (no path, an
 * option), TSR_EUNSAFE (foreign owner, writable by others), TSR_EIO
 * (missing, not a directory, unreadable), TSR_ENOMEM.
 */
static int files_open(const tsr_dsn *dsn, const tsr_store_config *config, tsr_store **out,
                      tsr_error *e)
{
	files_store *fs;
	struct stat sb;
	int fd;

	(void) config;
	*out = NULL;
	if (dsn->path == NULL || dsn->path[0] == '\0') {
		return tsr_error_set(e, TSR_EBADDSN, "files store: no directory in the DSN");
	}
	if (dsn->n_options > 0) {
		return tsr_error_set(e, TSR_EBADDSN, "files store: unknown option '%s'",
		                     dsn->options[0].name);
	}
	fd = files_openat(AT_FDCWD, dsn->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0) {
		if (errno == ENOENT) {
			return tsr_error_set(e, TSR_EIO, "files store: directory '%s' does not exist",
			                     dsn->path);
		}
		if (errno == ENOTDIR) {
			return tsr_error_set(e, TSR_EIO, "files store: '%s' is not a directory", dsn->path);
		}
		return tsr_error_set(e, TSR_EIO, "files store: cannot open '%s': %s", dsn->path,
		                     files_strerror(errno));
	}
	if (SYS.fstat(fd, &sb) != 0) {
		int err = errno;

		files_close(&fd);
		return tsr_error_set(e, TSR_EIO, "files store: cannot stat '%s': %s", dsn->path,
		                     files_strerror(err));
	}
	if (sb.st_uid != geteuid()) {
		files_close(&fd);
		return tsr_error_set(e, TSR_EUNSAFE,
		                     "files store: directory '%s' is owned by uid %u, not by uid %u",
		                     dsn->path, (unsigned) sb.st_uid, (unsigned) geteuid());
	}
	if ((sb.st_mode & S_IWOTH) && !(sb.st_mode & S_ISVTX)) {
		files_close(&fd);
		return tsr_error_set(e, TSR_EUNSAFE, "files store: directory '%s' is world-writable",
		                     dsn->path);
	}
	fs = calloc(1, sizeof(*fs));
	if (fs == NULL) {
		files_close(&fd);
		return tsr_error_set(e, TSR_ENOMEM, "files store: out of memory");
	}
	fs->base.ops = &tsr_store_files;
	fs->root_fd = fd;
	*out = &fs->base;
	return TSR_OK;
}

/* Closes the root directory and frees the store. */
static void files_close_store(tsr_store *st)
{
	files_store *fs = (files_store *) st;

	files_close(&fs->root_fd);
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

	files_names_make(key, &n);
	lk = calloc(1, sizeof(*lk));
	if (lk == NULL) {
		return tsr_error_set(&st->error, TSR_ENOMEM, "files store: out of memory");
	}
	lk->base.key = *key;
	lk->base.mode = mode;
	lk->shard_fd = -1;
	lk->lock_fd = -1;

	rc = files_lock_shard(fs, lk, &n, mode == TSR_LOCK_EXCLUSIVE);
	if (rc == TSR_ENOTFOUND) {
		goto cleanup; /* READ_ONLY / NONE: no shard, no record */
	}
	if (rc != TSR_OK) {
		goto cleanup;
	}
	if (mode == TSR_LOCK_EXCLUSIVE) {
		rc = files_lock_take(fs, lk, &n);
		if (rc != TSR_OK) {
			goto cleanup;
		}
	}
	rc = files_record_read(fs, lk->shard_fd, &n, record, expires_at);

cleanup:
	if (rc == TSR_ENOTFOUND) {
		tsr_error_set(&st->error, TSR_ENOTFOUND, "files store: session %.12s: no record", n.hex);
	}
	if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
		tsr_error st_err = st->error;

		files_unlock(fs, lk, &n, false);
		files_close(&lk->shard_fd);
		free(lk);
		st->error = st_err;
		return rc;
	}
	*out = &lk->base;
	return rc;
}

/*
 * Replaces the record: temp file, then check-and-rename under the write
 * mutex, then fsync of the shard. See tsr_store_write and the header
 * comment. The first error wins; with TSR_RELEASE the lock is released in
 * every case.
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
	struct stat sb;
	bool have_tmp = false, owned = false, written = false;
	int mfd = -1;
	int rc;

	files_names_make(&lock->key, &n);
	files_user_of(w->data, w->len, &new_uid, &new_len);
	if (lock->mode == TSR_LOCK_EXCLUSIVE && !lock->held) {
		rc = tsr_error_set(&st->error, TSR_ELOCKLOST, "files store: session %.12s: lock not held",
		                   n.hex);
		goto cleanup;
	}
	rc = files_lock_shard(fs, lk, &n, (w->flags & TSR_WRITE_CREATE) != 0);
	if (rc == TSR_ENOTFOUND) {
		rc = tsr_error_set(&st->error, TSR_EGONE, "files store: session %.12s: was destroyed",
		                   n.hex);
		goto cleanup;
	}
	if (rc != TSR_OK) {
		goto cleanup;
	}
	rc = files_temp_write(fs, lk->shard_fd, &n, w->data, w->len, w->expires_at, tmpname,
	                      sizeof(tmpname));
	if (rc != TSR_OK) {
		goto cleanup;
	}
	have_tmp = true;

	rc = files_mutex_enter(fs, lk, &n, &mfd, &owned, &sb);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	rc = files_record_exists(fs, lk->shard_fd, &n);
	if (rc < 0) {
		goto cleanup;
	}
	if (rc == 0 && !(w->flags & TSR_WRITE_CREATE)) {
		if (owned) {
			files_drop_lockfile(lk->shard_fd, &n, mfd, false);
		}
		rc = tsr_error_set(&st->error, TSR_EGONE, "files store: session %.12s: was destroyed",
		                   n.hex);
		goto cleanup;
	}
	/* The user index, under the mutex: the new user's marker is durable before the rename. */
	if (rc == 1) {
		files_stored_user(fs, lk->shard_fd, &n, old_uid, &old_len);
	}
	if (new_len > 0 && (new_len != old_len || memcmp(new_uid, old_uid, new_len) != 0)) {
		rc = files_user_mark(fs, new_uid, new_len, &n);
		if (rc != TSR_OK) {
			goto cleanup;
		}
	}
	if (SYS.renameat(lk->shard_fd, tmpname, lk->shard_fd, n.rec) != 0) {
		rc = files_fail(fs, errno, "rename temp file over record", &n);
		goto cleanup;
	}
	have_tmp = false;
	written = true;
	if (old_len > 0 && (new_len != old_len || memcmp(new_uid, old_uid, old_len) != 0)) {
		files_user_unmark(fs, old_uid, old_len, &n);
	}
	files_mutex_leave(&mfd, owned);
	if (files_fsync(lk->shard_fd) != 0) {
		rc = files_fail(fs, errno, "sync shard directory", &n);
		goto cleanup;
	}
	rc = TSR_OK;

cleanup:
	files_mutex_leave(&mfd, owned);
	if (have_tmp) {
		SYS.unlinkat(lk->shard_fd, tmpname, 0);
	}
	if (w->flags & TSR_RELEASE) {
		files_unlock(fs, lk, &n, !written);
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
	struct stat sb;
	bool owned = false;
	int mfd = -1;
	int fd = -1;
	int rc;

	files_names_make(&lock->key, &n);
	if (lock->mode == TSR_LOCK_EXCLUSIVE && !lock->held) {
		rc = tsr_error_set(&st->error, TSR_ELOCKLOST, "files store: session %.12s: lock not held",
		                   n.hex);
		goto cleanup;
	}
	rc = files_lock_shard(fs, lk, &n, false);
	if (rc == TSR_ENOTFOUND) {
		rc = tsr_error_set(&st->error, TSR_EGONE, "files store: session %.12s: was destroyed",
		                   n.hex);
		goto cleanup;
	}
	if (rc != TSR_OK) {
		goto cleanup;
	}
	rc = files_mutex_enter(fs, lk, &n, &mfd, &owned, &sb);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	fd = files_openat(lk->shard_fd, n.rec, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
	if (fd < 0) {
		if (errno == ENOENT) {
			if (owned) {
				files_drop_lockfile(lk->shard_fd, &n, mfd, false);
			}
			rc = tsr_error_set(&st->error, TSR_EGONE, "files store: session %.12s: was destroyed",
			                   n.hex);
		} else {
			rc = files_fail(fs, errno, "open record", &n);
		}
		goto cleanup;
	}
	rc = files_check_fd(fs, fd, S_IFREG, "record", &n, NULL);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	times[0].tv_sec = 0;
	times[0].tv_nsec = UTIME_OMIT;
	times[1] = files_ms_to_ts(expires_at);
	if (SYS.futimens(fd, times) != 0) {
		rc = files_fail(fs, errno, "set record deadline", &n);
		goto cleanup;
	}
	rc = TSR_OK;

cleanup:
	files_close(&fd);
	files_mutex_leave(&mfd, owned);
	if (flags & TSR_RELEASE) {
		files_unlock(fs, lk, &n, false);
	}
	return rc;
}

/*
 * Deletes the record under the write mutex, and the lock file when nobody
 * needs it any more (an EXCLUSIVE holder releasing in the same step, or
 * nobody holding the flock). See tsr_store_destroy. The shard is fsynced
 * so a destroyed session does not come back after a crash.
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

	files_names_make(&lock->key, &n);
	if (lock->mode == TSR_LOCK_EXCLUSIVE && !lock->held) {
		rc = tsr_error_set(&st->error, TSR_ELOCKLOST, "files store: session %.12s: lock not held",
		                   n.hex);
		goto cleanup;
	}
	rc = files_lock_shard(fs, lk, &n, false);
	if (rc == TSR_ENOTFOUND) {
		rc = TSR_OK; /* no shard: nothing was ever stored */
		goto cleanup;
	}
	if (rc != TSR_OK) {
		goto cleanup;
	}
	rc = files_mutex_enter(fs, lk, &n, &mfd, &owned, &sb);
	if (rc != TSR_OK) {
		goto cleanup;
	}
	files_stored_user(fs, lk->shard_fd, &n, old_uid, &old_len);
	if (SYS.unlinkat(lk->shard_fd, n.rec, 0) != 0 && errno != ENOENT) {
		rc = files_fail(fs, errno, "delete record", &n);
		goto cleanup;
	}
	if (old_len > 0) {
		files_user_unmark(fs, old_uid, old_len, &n);
	}
	if (owned) {
		files_drop_lockfile(lk->shard_fd, &n, mfd, false);
	} else if (flags & TSR_RELEASE) {
		files_drop_lockfile(lk->shard_fd, &n, mfd, true);
	}
	files_mutex_leave(&mfd, owned);
	if (files_fsync(lk->shard_fd) != 0) {
		rc = files_fail(fs, errno, "sync shard directory", &n);
		goto cleanup;
	}
	rc = TSR_OK;

cleanup:
	files_mutex_leave(&mfd, owned);
	if (flags & TSR_RELEASE) {
		/* The lock file is gone already (or kept for a reason): no tidying. */
		files_unlock(fs, lk, &n, false);
	}
	return rc;
}

/* Releases what 'lock' holds (tidying an unused lock file) and frees it. Always TSR_OK. */
static int files_release(tsr_store *st, tsr_lock *lock)
{
	files_store *fs = (files_store *) st;
	files_lock *lk = (files_lock *) lock;
	files_names n;

	files_names_make(&lock->key, &n);
	files_unlock(fs, lk, &n, true);
	files_close(&lk->shard_fd);
	free(lk);
	return TSR_OK;
}

/* ---- walking the tree: gc and list -------------------------------------------------------- */

typedef enum files_kind {
	FILES_KIND_OTHER = 0,
	FILES_KIND_REC,
	FILES_KIND_LOCK,
	FILES_KIND_TMP,
} files_kind;

/*
 * Called for each file of a shard: 'shard' is the shard's descriptor,
 * 'name' the entry, 'key' the session it belongs to, 'kind' its role.
 * Returns TSR_OK to go on, FILES_WALK_STOP to stop quietly, or a TSR_E*
 * code to stop with that error.
 */
typedef int (*files_walk_fn)(files_store *fs, int shard, const char *name, const tsr_key *key,
                             files_kind kind, void *arg);

#define FILES_WALK_STOP 1

/* Tells what 'name' is in shard 'd1'/'d2', filling 'key' for session files. */
static files_kind files_classify(const char *name, const char *d1, const char *d2, tsr_key *key)
{
	size_t len = strlen(name);
	const char *rest = name + TSR_KEY_HEX_LEN;
	files_kind kind;

	if (len <= TSR_KEY_HEX_LEN || !files_is_hex(name, TSR_KEY_HEX_LEN) ||
	    memcmp(name, d1, 2) != 0 || memcmp(name + 2, d2, 2) != 0) {
		return FILES_KIND_OTHER;
	}
	if (strcmp(rest, FILES_SUFFIX_REC) == 0) {
		kind = FILES_KIND_REC;
	} else if (strcmp(rest, FILES_SUFFIX_LOCK) == 0) {
		kind = FILES_KIND_LOCK;
	} else if (strncmp(rest, FILES_SUFFIX_TMP, sizeof(FILES_SUFFIX_TMP) - 1) == 0 &&
	           strlen(rest) == sizeof(FILES_SUFFIX_TMP) - 1 + FILES_TMP_RAND_LEN &&
	           files_is_hex(rest + sizeof(FILES_SUFFIX_TMP) - 1, FILES_TMP_RAND_LEN)) {
		kind = FILES_KIND_TMP;
	} else {
		return FILES_KIND_OTHER;
	}
	if (tsr_key_from_hex(name, TSR_KEY_HEX_LEN, key) != TSR_OK) {
		return FILES_KIND_OTHER;
	}
	return kind;
}

/* True when 'name' is a two-digit lower-case hex shard name. */
static bool files_is_shard_name(const char *name)
{
	return strlen(name) == 2 && files_is_hex(name, 2);
}

/*
 * Opens directory 'fd' for reading with a descriptor of its own. Returns a
 * DIR or NULL with errno set.
 */
static DIR *files_opendir(int fd)
{
	DIR *dir;
	int dfd;

	dfd = files_openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (dfd < 0) {
		return NULL;
	}
	dir = fdopendir(dfd);
	if (dir == NULL) {
		files_close(&dfd);
	}
	return dir;
}

/*
 * Calls 'fn' for each session file under the root. Entries that are not
 * ours by name, type or owner are skipped, as are shards that vanish.
 * Returns TSR_OK, the first error of 'fn', or TSR_EIO / TSR_ENOMEM.
 */
static int files_walk(files_store *fs, files_walk_fn fn, void *arg)
{
	DIR *top = NULL, *mid = NULL, *leaf = NULL;
	struct dirent *e1, *e2, *e3;
	files_kind kind;
	tsr_key key;
	int d1 = -1, d2 = -1;
	int rc = TSR_OK;

	top = files_opendir(fs->root_fd);
	if (top == NULL) {
		return files_fail(fs, errno, "read store directory", NULL);
	}
	while (rc == TSR_OK && (e1 = readdir(top)) != NULL) {
		if (!files_is_shard_name(e1->d_name)) {
			continue;
		}
		if (files_subdir_open(fs, fs->root_fd, e1->d_name, false, &d1, NULL) != TSR_OK) {
			tsr_error_clear(&fs->base.error);
			continue;
		}
		mid = files_opendir(d1);
		if (mid == NULL) {
			rc = files_fail(fs, errno, "read shard directory", NULL);
			break;
		}
		while (rc == TSR_OK && (e2 = readdir(mid)) != NULL) {
			if (!files_is_shard_name(e2->d_name)) {
				continue;
			}
			if (files_subdir_open(fs, d1, e2->d_name, false, &d2, NULL) != TSR_OK) {
				tsr_error_clear(&fs->base.error);
				continue;
			}
			leaf = files_opendir(d2);
			if (leaf == NULL) {
				rc = files_fail(fs, errno, "read shard directory", NULL);
				break;
			}
			while (rc == TSR_OK && (e3 = readdir(leaf)) != NULL) {
				kind = files_classify(e3->d_name, e1->d_name, e2->d_name, &key);
				if (kind != FILES_KIND_OTHER) {
					rc = fn(fs, d2, e3->d_name, &key, kind, arg);
				}
			}
			closedir(leaf);
			leaf = NULL;
			files_close(&d2);
		}
		closedir(mid);
		mid = NULL;
		files_close(&d1);
	}
	files_close(&d2);
	files_close(&d1);
	closedir(top);
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

	rc = files_lockfile_open(fs, shard, n, !orphan, &fd, &sb);
	if (rc == TSR_ENOTFOUND) {
		return TSR_OK;
	}
	if (rc != TSR_OK) {
		tsr_error_clear(&fs->base.error);
		return TSR_OK; /* not ours to touch */
	}
	if (SYS.flock(fd, LOCK_EX | LOCK_NB) != 0) {
		rc = errno == EWOULDBLOCK ? TSR_OK : files_fail(fs, errno, "lock session", n);
		goto cleanup; /* in use: not expired for us */
	}
	same = files_same_file(shard, n->lock, &sb);
	if (same != 1) {
		rc = same < 0 ? files_fail(fs, errno, "stat lock file", n) : TSR_OK;
		goto unlock;
	}
	if (files_mutex_lock(fd) != 0) {
		rc = files_fail(fs, errno, "lock write mutex", n);
		goto unlock;
	}
	if (SYS.fstatat(shard, n->rec, &rec, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno != ENOENT) {
			rc = files_fail(fs, errno, "stat record", n);
			goto unmutex;
		}
		/* No record (any more): the lock file is a leftover. */
		SYS.unlinkat(shard, n->lock, 0);
		rc = TSR_OK;
		goto unmutex;
	}
	if (orphan || !S_ISREG(rec.st_mode) || rec.st_uid != geteuid() ||
	    files_ts_to_ms(&rec.st_mtim) > now) {
		rc = TSR_OK; /* written meanwhile, or not ours */
		goto unmutex;
	}
	files_stored_user(fs, shard, n, old_uid, &old_len);
	if (SYS.unlinkat(shard, n->rec, 0) != 0) {
		rc = errno == ENOENT ? TSR_OK : files_fail(fs, errno, "delete record", n);
		goto unmutex;
	}
	if (old_len > 0) {
		files_user_unmark(fs, old_uid, old_len, n);
	}
	(*deleted)++;
	SYS.unlinkat(shard, n->lock, 0);
	rc = TSR_OK;

unmutex:
	files_mutex_unlock(fd);
unlock:
	SYS.flock(fd, LOCK_UN);
cleanup:
	files_close(&fd);
	return rc;
}

/* files_walk callback of gc: expired records, leftover lock files, old temp files. */
static int files_gc_visit(files_store *fs, int shard, const char *name, const tsr_key *key,
                          files_kind kind, void *arg)
{
	files_gc_state *gs = arg;
	files_names n;
	struct stat sb;

	files_names_make(key, &n);
	if (SYS.fstatat(shard, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		return errno == ENOENT ? TSR_OK : files_fail(fs, errno, "stat", &n);
	}
	if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid()) {
		return TSR_OK; /* not ours: never touched */
	}
	switch (kind) {
	case FILES_KIND_REC:
		if (files_ts_to_ms(&sb.st_mtim) > gs->now) {
			return TSR_OK;
		}
		return files_gc_session(fs, shard, &n, gs->now, false, &gs->deleted);
	case FILES_KIND_LOCK:
		if (SYS.fstatat(shard, n.rec, &sb, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT) {
			return TSR_OK; /* has a record: handled with it */
		}
		return files_gc_session(fs, shard, &n, gs->now, true, &gs->deleted);
	case FILES_KIND_TMP:
		/* A temp file's mtime is the deadline it carries; its ctime is its age. */
		if (files_ts_to_ms(&sb.st_ctim) + FILES_TEMP_MAX_AGE_MS <= gs->now &&
		    SYS.unlinkat(shard, name, 0) != 0 && errno != ENOENT) {
			return files_fail(fs, errno, "delete temp file", &n);
		}
		return TSR_OK;
	default:
		return TSR_OK;
	}
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
	struct stat sb;
	tsr_key key;
	DIR *dir;
	int shard = -1;
	int dfd = -1;
	bool stale;

	if (files_subdir_open(fs, parent, u->hex, false, &dfd, NULL) != TSR_OK) {
		tsr_error_clear(&fs->base.error);
		return;
	}
	dir = files_opendir(dfd);
	if (dir == NULL) {
		files_close(&dfd);
		return;
	}
	while ((ent = readdir(dir)) != NULL) {
		if (strlen(ent->d_name) != TSR_KEY_HEX_LEN || !files_is_hex(ent->d_name, TSR_KEY_HEX_LEN) ||
		    tsr_key_from_hex(ent->d_name, TSR_KEY_HEX_LEN, &key) != TSR_OK) {
			continue;
		}
		files_names_make(&key, &n);
		stale = files_shard_open(fs, &n, false, &shard) == TSR_ENOTFOUND ||
		        (shard >= 0 && SYS.fstatat(shard, n.rec, &sb, AT_SYMLINK_NOFOLLOW) != 0 &&
		         errno == ENOENT);
		files_close(&shard);
		tsr_error_clear(&fs->base.error);
		if (stale) {
			files_user_clean(fs, dfd, u, &n);
		}
	}
	closedir(dir);
	files_close(&dfd);
	SYS.unlinkat(parent, u->hex, AT_REMOVEDIR); /* fails while markers remain: fine */
}

/* gc of the per-user index: every user directory under <root>/users (files_gc_user_dir). */
static void files_gc_users(files_store *fs)
{
	struct dirent *e1, *e2;
	files_user u;
	DIR *top = NULL, *mid = NULL;
	int tfd = -1, mfd = -1;

	if (files_subdir_open(fs, fs->root_fd, FILES_USERS_DIR, false, &tfd, NULL) != TSR_OK) {
		goto cleanup;
	}
	top = files_opendir(tfd);
	while (top != NULL && (e1 = readdir(top)) != NULL) {
		if (!files_is_shard_name(e1->d_name) ||
		    files_subdir_open(fs, tfd, e1->d_name, false, &mfd, NULL) != TSR_OK) {
			continue;
		}
		mid = files_opendir(mfd);
		while (mid != NULL && (e2 = readdir(mid)) != NULL) {
			if (strlen(e2->d_name) != TSR_KEY_HEX_LEN ||
			    !files_is_hex(e2->d_name, TSR_KEY_HEX_LEN) ||
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
		files_close(&mfd);
	}

cleanup:
	if (top != NULL) {
		closedir(top);
	}
	files_close(&tfd);
	tsr_error_clear(&fs->base.error);
}

/*
 * Walks every shard and deletes expired, unlocked sessions, lock files
 * without a record that nobody holds, and temp files whose ctime is more
 * than an hour before 'now'. See tsr_store_gc.
 */
static int files_gc(tsr_store *st, int64_t now, uint64_t *deleted)
{
	files_gc_state gs = {now, 0};
	int rc;

	rc = files_walk((files_store *) st, files_gc_visit, &gs);
	if (rc == TSR_OK) {
		files_gc_users((files_store *) st);
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
                            files_kind kind, void *arg)
{
	files_list_state *ls = arg;
	tsr_bytes bytes = {NULL, 0};
	files_names n;
	int64_t expires_at = 0;
	int rc;

	(void) name;
	if (kind != FILES_KIND_REC) {
		return TSR_OK;
	}
	files_names_make(key, &n);
	rc = files_record_read(fs, shard, &n, &bytes, &expires_at);
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
 * Visits the sessions of 'user_id' through its index directory: for each
 * marker, reads the session's record and visits it when it still names
 * the user; a marker whose record is gone or names someone else is stale
 * and removed (files_user_clean). Cost: the user's sessions, not the
 * store's. Returns TSR_OK (also for a user with no index), or the first
 * read error.
 */
static int files_list_user(files_store *fs, const char *user_id, tsr_store_visit_fn visit,
                           void *arg)
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
	dir = files_opendir(dfd);
	if (dir == NULL) {
		rc = files_fail(fs, errno, "read user index", NULL);
		goto cleanup;
	}
	while (rc == TSR_OK && (ent = readdir(dir)) != NULL) {
		if (strlen(ent->d_name) != TSR_KEY_HEX_LEN || !files_is_hex(ent->d_name, TSR_KEY_HEX_LEN) ||
		    tsr_key_from_hex(ent->d_name, TSR_KEY_HEX_LEN, &key) != TSR_OK) {
			continue; /* not a marker */
		}
		files_names_make(&key, &n);
		expires_at = 0;
		rc = files_shard_open(fs, &n, false, &shard);
		if (rc == TSR_OK) {
			rc = files_record_read(fs, shard, &n, &bytes, &expires_at);
		}
		files_close(&shard);
		if (rc == TSR_EUNSAFE) {
			tsr_error_clear(&fs->base.error);
			rc = TSR_OK; /* not ours: neither listed nor touched */
			continue;
		}
		if (rc != TSR_OK && rc != TSR_ENOTFOUND) {
			break;
		}
		if (rc == TSR_OK && files_user_of(bytes.data, bytes.len, &found, &found_len) &&
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
	files_close(&dfd);
	return rc;
}

/*
 * Visits every record, or with 'user_id' those of that user through the
 * per-user index (files_list_user). Files that vanish during the walk and
 * records that do not decode are skipped. See tsr_store_list.
 */
static int files_list(tsr_store *st, const char *user_id, tsr_store_visit_fn visit, void *arg)
{
	files_list_state ls = {visit, arg};

	if (user_id != NULL) {
		return files_list_user((files_store *) st, user_id, visit, arg);
	}
	return files_walk((files_store *) st, files_list_visit, &ls);
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
    .gc = files_gc,
    .list = files_list,
};
