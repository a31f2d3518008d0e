/*
 * Helpers shared by the C unit tests: see support.h. Nothing here knows
 * about libtessera; a failed setup step aborts the program loudly.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

/* Prints what failed and aborts: a test environment we cannot set up is a failure. */
static void support_die(const char *what)
{
	fprintf(stderr, "test support: %s: %s\n", what, strerror(errno));
	abort();
}

/* Creates a fresh private directory; returns its malloc'd path (see support.h). */
char *tsr_test_mkdtemp(void)
{
	const char *base = getenv("TMPDIR");
	char *path;

	if (base == NULL || base[0] == '\0') {
		base = "/tmp";
	}
	if (asprintf(&path, "%s/tsr-test-XXXXXX", base) < 0) {
		support_die("asprintf");
	}
	if (mkdtemp(path) == NULL) {
		support_die("mkdtemp");
	}
	return path;
}

static int support_rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void) sb;
	(void) ftw;
	if (flag == FTW_DP || flag == FTW_D) {
		rmdir(path);
	} else {
		unlink(path);
	}
	return 0;
}

/* Removes 'path' recursively without following links. NULL is fine. */
void tsr_test_rmtree(const char *path)
{
	if (path == NULL) {
		return;
	}
	nftw(path, support_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* nftw() has no user argument: the counters live here, one walk at a time. */
static size_t support_count;
static bool support_count_dirs;
static const char *support_needle;

static int support_count_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void) sb;
	if (ftw->level == 0) {
		return 0;
	}
	if (support_needle != NULL) {
		if (strstr(path + ftw->base, support_needle) != NULL) {
			support_count++;
		}
		return 0;
	}
	if (support_count_dirs || (flag != FTW_D && flag != FTW_DP)) {
		support_count++;
	}
	return 0;
}

static size_t support_walk(const char *path, bool dirs, const char *needle)
{
	support_count = 0;
	support_count_dirs = dirs;
	support_needle = needle;
	if (nftw(path, support_count_entry, 16, FTW_PHYS) != 0) {
		support_die("nftw");
	}
	return support_count;
}

/* Counts the non-directories under 'path'. */
size_t tsr_test_count_files(const char *path)
{
	return support_walk(path, false, NULL);
}

/* Counts every entry under 'path', directories included. */
size_t tsr_test_count_entries(const char *path)
{
	return support_walk(path, true, NULL);
}

/* Counts the entries under 'path' whose name contains 'needle'. */
size_t tsr_test_count_named(const char *path, const char *needle)
{
	return support_walk(path, true, needle);
}

/* Reads 'path' whole into a new NUL-terminated buffer, or returns NULL. */
char *tsr_test_read_file(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0, used = 0;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		return NULL;
	}
	for (;;) {
		if (used + 1 >= cap) {
			cap = cap ? cap * 2 : 256;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				support_die("realloc");
			}
		}
		got = read(fd, buf + used, cap - used - 1);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			support_die("read");
		}
		if (got == 0) {
			break;
		}
		used += (size_t) got;
	}
	close(fd);
	buf[used] = '\0';
	if (len != NULL) {
		*len = used;
	}
	return buf;
}

/* Creates or replaces 'path' with 'len' bytes at 'data'. */
void tsr_test_write_file(const char *path, const void *data, size_t len)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		support_die(path);
	}
	tsr_test_send_bytes(fd, data, len);
	close(fd);
}

/* Returns CLOCK_MONOTONIC in ms. */
int64_t tsr_test_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Creates a close-on-exec pipe. */
void tsr_test_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) != 0) {
		support_die("pipe2");
	}
}

/* Writes the byte 'c' to 'fd'. */
void tsr_test_send(int fd, char c)
{
	tsr_test_send_bytes(fd, &c, 1);
}

/* Writes all 'len' bytes at 'buf' to 'fd'. */
void tsr_test_send_bytes(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t got;

	while (len > 0) {
		got = write(fd, p, len);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got <= 0) {
			support_die("write");
		}
		p += got;
		len -= (size_t) got;
	}
}

/* Reads one byte from 'fd'; -1 at end of file. */
int tsr_test_recv(int fd)
{
	unsigned char c;

	return tsr_test_recv_bytes(fd, &c, 1) ? c : -1;
}

/* Reads exactly 'len' bytes; false at a premature end of file. */
bool tsr_test_recv_bytes(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t got;

	while (len > 0) {
		got = read(fd, p, len);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			support_die("read");
		}
		if (got == 0) {
			return false;
		}
		p += got;
		len -= (size_t) got;
	}
	return true;
}

/* True when 'fd' has a byte to read right now. */
bool tsr_test_readable(int fd)
{
	struct pollfd pfd = {fd, POLLIN, 0};

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

/* Forks a child that runs 'fn(arg)' and _exit()s with its result. */
pid_t tsr_test_fork(int (*fn)(void *arg), void *arg)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		support_die("fork");
	}
	if (pid == 0) {
		_exit(fn(arg));
	}
	return pid;
}

/* Reaps 'pid': its exit status, or 128 + the signal that killed it. */
int tsr_test_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			support_die("waitpid");
		}
	}
	if (WIFEXITED(status)) {
		return WEXITSTATUS(status);
	}
	if (WIFSIGNALED(status)) {
		return 128 + WTERMSIG(status);
	}
	return -1;
}

/* True when /proc/locks lists 'pid' as waiting ("->") for a FLOCK. */
static bool support_flock_waiting(pid_t pid)
{
	char line[256], want[32];
	bool found = false;
	FILE *f;

	f = fopen("/proc/locks", "re");
	if (f == NULL) {
		support_die("/proc/locks");
	}
	snprintf(want, sizeof(want), " %ld ", (long) pid);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, "-> FLOCK") != NULL && strstr(line, want) != NULL) {
			found = true;
			break;
		}
	}
	fclose(f);
	return found;
}

/* Waits until /proc/locks shows 'pid' blocked on a flock(), up to 'limit_ms'. */
bool tsr_test_await_flock_waiter(pid_t pid, int limit_ms)
{
	int64_t end = tsr_test_mono_ms() + limit_ms;

	while (tsr_test_mono_ms() < end) {
		if (support_flock_waiting(pid)) {
			return true;
		}
		sched_yield();
	}
	return false;
}
