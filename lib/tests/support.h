/*
 * Helpers shared by the C unit tests: scratch directories, file trees,
 * clocks, and ordering between fork()ed processes through pipes (never
 * sleeps). Each helper aborts the test program on a setup failure it cannot
 * report otherwise, so a broken environment is never mistaken for a pass.
 */
#ifndef TESSERA_TEST_SUPPORT_H
#define TESSERA_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Creates a fresh private directory under $TMPDIR (or /tmp); returns its malloc'd path. */
char *tsr_test_mkdtemp(void);

/* Removes 'path' and everything under it, never following symbolic links. NULL is fine. */
void tsr_test_rmtree(const char *path);

/* Counts the entries under 'path' (not 'path' itself) that are not directories. */
size_t tsr_test_count_files(const char *path);

/* Counts every entry under 'path' (not 'path' itself), directories included. */
size_t tsr_test_count_entries(const char *path);

/* Counts the entries under 'path' whose name contains 'needle'. */
size_t tsr_test_count_named(const char *path, const char *needle);

/*
 * Reads the whole file 'path' into a new buffer ('*len' bytes, NUL added
 * after them); returns NULL when it cannot be opened.
 */
char *tsr_test_read_file(const char *path, size_t *len);

/* Creates or replaces 'path' with the 'len' bytes at 'data' (mode 0600). Aborts on failure. */
void tsr_test_write_file(const char *path, const void *data, size_t len);

/* Returns CLOCK_MONOTONIC in ms (comparable between processes of one machine). */
int64_t tsr_test_mono_ms(void);

/* Creates a pipe (close-on-exec). Aborts on failure. */
void tsr_test_pipe(int fds[2]);

/* Writes one byte 'c' to 'fd'. Aborts on failure. */
void tsr_test_send(int fd, char c);

/* Writes the 'len' bytes at 'buf' to 'fd'. Aborts on failure. */
void tsr_test_send_bytes(int fd, const void *buf, size_t len);

/*
 * Blocks until one byte arrives on 'fd' and returns it, or returns -1 at
 * end of file (the writer is gone).
 */
int tsr_test_recv(int fd);

/* Reads exactly 'len' bytes from 'fd'; returns false at a premature end of file. */
bool tsr_test_recv_bytes(int fd, void *buf, size_t len);

/* True when at least one byte can be read from 'fd' right now, without blocking. */
bool tsr_test_readable(int fd);

/*
 * Forks a child that runs 'fn(arg)' and leaves with _exit(its return
 * value), so no test framework state runs twice. Returns the child's pid.
 */
pid_t tsr_test_fork(int (*fn)(void *arg), void *arg);

/*
 * Waits for child 'pid' and returns its exit status, or 128 + the signal
 * that ended it.
 */
int tsr_test_wait(pid_t pid);

/*
 * Waits, by re-reading /proc/locks, until process 'pid' is blocked waiting
 * for a flock(). Returns true when seen, false after 'limit_ms'. Lets a
 * test know a waiter is parked in the kernel before it releases the lock.
 */
bool tsr_test_await_flock_waiter(pid_t pid, int limit_ms);

#endif
