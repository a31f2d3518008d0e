/*
 * The files store's locks: the session lock (flock with a kernel-side wait
 * limit) and the write mutex (an OFD lock), both on a session's lock file.
 *
 * TWO LOCKS ON THE LOCK FILE, independent of each other:
 *   - the session lock: flock(LOCK_EX), held by an EXCLUSIVE handle from
 *     files_acquire to release (tsr__files_unlock). Waiters block in the kernel
 *     and are woken on release; a crashed holder's flock ends with its
 *     process. The wait limit interrupts the blocked flock with a per-thread
 *     POSIX timer signal (files_flock_wait).
 *   - the write mutex: an OFD lock on byte 0, held only for the few system
 *     calls that change the record (tsr__files_mutex_enter / tsr__files_mutex_leave):
 *     "check the record still exists, then rename", touch, the unlinks of
 *     destroy and gc. It makes those steps atomic also for NONE writers, who
 *     hold no flock, without waiting for a long-running EXCLUSIVE holder.
 *
 * LOCK FILE LIFECYCLE. A lock file is created (O_CREAT) by whoever needs
 * it. It is unlinked only by someone holding BOTH its flock and its write
 * mutex, and only when the record is absent or being deleted in the same
 * critical section (destroy, gc, the release of an EXCLUSIVE handle whose
 * session was never stored: tsr__files_drop_lockfile). Anyone who takes either
 * lock then checks that the path still names the inode it locked
 * (tsr__files_same_file) and starts over if not; so two holders can never hold
 * "the" lock through different inodes at the same time.
 *
 * STATE OF A HANDLE (files_lock): EXCLUSIVE holds lock_fd (flocked) from
 * acquire until TSR_RELEASE or release; READ_ONLY and NONE hold no
 * descriptor but the shard directory. shard_fd is -1 until the shard is
 * known to exist.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files_internal.h"

#ifndef sigev_notify_thread_id
#	define sigev_notify_thread_id _sigev_un._tid
#endif

/* The real-time signal that interrupts a flock() blocked past its deadline. */
#define FILES_WAKE_SIGNAL (SIGRTMIN + 3)
/* After the deadline the timer repeats this often (ns), in case one signal came too early. */
#define FILES_WAKE_REPEAT_NS 5000000L

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

/* ---- the write mutex ---------------------------------------------------------------------- */

/* Takes the OFD write lock on byte 0 of 'fd', waiting for it. Returns 0 or -1 with errno. */
int tsr__files_mutex_lock(int fd)
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
void tsr__files_mutex_unlock(int fd)
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
 * tsr__files_mutex_leave); '*sb' its identity. Returns TSR_OK, TSR_ELOCKLOST,
 * TSR_EUNSAFE, TSR_EIO.
 */
int tsr__files_mutex_enter(files_store *fs, files_lock *lk, const files_names *n, int *mfd,
                           bool *owned, struct stat *sb)
{
	int attempt;
	int fd = -1;
	int rc;
	int same;

	*mfd = -1;
	*owned = false;
	if (lk->lock_fd >= 0) {
		/* The inode a descriptor refers to never changes: no need to fstat it again. */
		memset(sb, 0, sizeof(*sb));
		sb->st_dev = lk->lock_dev;
		sb->st_ino = lk->lock_ino;
		if (tsr__files_mutex_lock(lk->lock_fd) != 0) {
			return tsr__files_fail(fs, errno, "lock write mutex", n);
		}
		same = tsr__files_same_file(lk->shard_fd, n->lock, sb);
		if (same != 1) {
			tsr__files_mutex_unlock(lk->lock_fd);
			if (same < 0) {
				return tsr__files_fail(fs, errno, "stat lock file", n);
			}
			return tsr_error_set(&fs->base.error, TSR_ELOCKLOST,
			                     "files store: session %.12s: lock file was removed", n->hex);
		}
		*mfd = lk->lock_fd;
		return TSR_OK;
	}
	for (attempt = 0; attempt < FILES_MAX_RETRIES; attempt++) {
		rc = tsr__files_lockfile_open(fs, lk->shard_fd, n, true, &fd, sb);
		if (rc != TSR_OK) {
			return rc;
		}
		if (tsr__files_mutex_lock(fd) != 0) {
			rc = tsr__files_fail(fs, errno, "lock write mutex", n);
			tsr__files_close(&fd);
			return rc;
		}
		same = tsr__files_same_file(lk->shard_fd, n->lock, sb);
		if (same == 1) {
			*mfd = fd;
			*owned = true;
			return TSR_OK;
		}
		rc = same < 0 ? tsr__files_fail(fs, errno, "stat lock file", n) : TSR_OK;
		tsr__files_close(&fd); /* also drops the OFD lock */
		if (rc != TSR_OK) {
			return rc;
		}
	}
	return tsr_error_set(&fs->base.error, TSR_EIO,
	                     "files store: session %.12s: lock file keeps changing", n->hex);
}

/* Leaves the write mutex entered by tsr__files_mutex_enter and closes what it opened. */
void tsr__files_mutex_leave(int *mfd, bool owned)
{
	if (*mfd < 0) {
		return;
	}
	tsr__files_mutex_unlock(*mfd);
	if (owned) {
		tsr__files_close(mfd);
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
void tsr__files_drop_lockfile(int shard, const files_names *n, int fd, bool have_flock)
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
		return tsr__files_fail(fs, errno, "lock session", n);
	}
	now = files_mono_now();
	if (files_ts_reached(&now, deadline)) {
		goto timeout;
	}

	if (files_sig_hold() != 0) {
		rc = tsr__files_fail(fs, errno, "install lock wait signal", n);
		goto cleanup;
	}
	have_sig = true;
	sigemptyset(&wake);
	sigaddset(&wake, FILES_WAKE_SIGNAL);
	if (pthread_sigmask(SIG_UNBLOCK, &wake, &old_mask) != 0) {
		rc = tsr__files_fail(fs, EINVAL, "unblock lock wait signal", n);
		goto cleanup;
	}
	have_mask = true;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = FILES_WAKE_SIGNAL;
	sev.sigev_notify_thread_id = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0) {
		rc = tsr__files_fail(fs, errno, "create lock wait timer", n);
		goto cleanup;
	}
	have_timer = true;
	its.it_value = *deadline;
	its.it_interval.tv_sec = 0;
	its.it_interval.tv_nsec = FILES_WAKE_REPEAT_NS;
	if (timer_settime(timer, TIMER_ABSTIME, &its, NULL) != 0) {
		rc = tsr__files_fail(fs, errno, "arm lock wait timer", n);
		goto cleanup;
	}
	for (;;) {
		if (SYS.flock(fd, LOCK_EX) == 0) {
			rc = TSR_OK;
			break;
		}
		if (errno != EINTR) {
			rc = tsr__files_fail(fs, errno, "lock session", n);
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
int tsr__files_lock_take(files_store *fs, files_lock *lk, const files_names *n)
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
		rc = tsr__files_lockfile_open(fs, lk->shard_fd, n, true, &fd, &sb);
		if (rc != TSR_OK) {
			return rc;
		}
		rc = files_flock_wait(fs, fd, &deadline, n);
		if (rc != TSR_OK) {
			tsr__files_close(&fd);
			return rc;
		}
		same = tsr__files_same_file(lk->shard_fd, n->lock, &sb);
		if (same == 1) {
			lk->lock_fd = fd;
			lk->lock_dev = sb.st_dev;
			lk->lock_ino = sb.st_ino;
			lk->base.held = true;
			return TSR_OK;
		}
		rc = same < 0 ? tsr__files_fail(fs, errno, "stat lock file", n) : TSR_OK;
		SYS.flock(fd, LOCK_UN);
		tsr__files_close(&fd);
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
void tsr__files_unlock(files_store *fs, files_lock *lk, const files_names *n, bool tidy)
{
	tsr_error saved = fs->base.error;
	struct stat sb;
	int mfd = -1;
	bool owned = false;

	if (lk->lock_fd >= 0) {
		if (tidy && lk->shard_fd >= 0 &&
		    tsr__files_mutex_enter(fs, lk, n, &mfd, &owned, &sb) == TSR_OK) {
			if (tsr__files_record_exists(fs, lk->shard_fd, n) == 0) {
				tsr__files_drop_lockfile(lk->shard_fd, n, lk->lock_fd, true);
			}
			tsr__files_mutex_leave(&mfd, owned);
		}
		fs->base.error = saved;
		SYS.flock(lk->lock_fd, LOCK_UN);
		tsr__files_close(&lk->lock_fd);
	}
	lk->base.held = false;
	lk->base.released = true;
}
