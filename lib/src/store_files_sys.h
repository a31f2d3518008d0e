/*
 * The system calls of the files store, behind one overridable table.
 *
 * The files store (store_files.c and files_*.c) makes every call that
 * touches the file system or a lock through tsr__files_sys, never
 * directly, so a test can replace one entry
 * (make renameat or fsync fail, count flock calls) and check that the store
 * keeps its promises: the old record intact, no temp file left behind. The
 * table starts as a copy of tsr__files_sys_default, which a test copies back
 * when it is done. Private to libtessera and its tests; not thread-safe to
 * modify while the store is in use.
 */
#ifndef TESSERA_STORE_FILES_SYS_H
#define TESSERA_STORE_FILES_SYS_H

#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

typedef struct tsr__files_syscalls {
	int (*openat)(int dirfd, const char *path, int flags, mode_t mode);
	int (*close)(int fd);
	ssize_t (*read)(int fd, void *buf, size_t len);
	ssize_t (*write)(int fd, const void *buf, size_t len);
	int (*fsync)(int fd);
	int (*fstat)(int fd, struct stat *st);
	int (*fstatat)(int dirfd, const char *path, struct stat *st, int flags);
	int (*mkdirat)(int dirfd, const char *path, mode_t mode);
	int (*renameat)(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
	/* renameat2(2), for RENAME_EXCHANGE. */
	int (*renameat2)(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
	                 unsigned flags);
	int (*unlinkat)(int dirfd, const char *path, int flags);
	int (*ftruncate)(int fd, off_t len);
	int (*futimens)(int fd, const struct timespec times[2]);
	int (*flock)(int fd, int operation);
	/* fcntl(fd, cmd, fl) for the F_OFD_* record-lock commands only. */
	int (*fcntl_lock)(int fd, int cmd, struct flock *fl);
	/* Fills 'len' bytes at 'buf' from the kernel CSRNG (temp file names). */
	ssize_t (*getrandom)(void *buf, size_t len, unsigned flags);
} tsr__files_syscalls;

/* The table the files store calls through. Tests may replace entries. */
extern tsr__files_syscalls tsr__files_sys;

/* The real system calls, for restoring tsr__files_sys. */
extern const tsr__files_syscalls tsr__files_sys_default;

#endif
