/*
 * The private interface between the source files of the files store:
 *
 *   store_files.c   the driver's ops (open, acquire, write, touch, destroy,
 *                   release), record reads and temp-file writes
 *   files_path.c    the system call table, names, safe openat/fstat checks,
 *                   shard directories
 *   files_lock.c    the session lock (flock with a wait limit) and the
 *                   write mutex (OFD lock), lock file lifecycle
 *   files_users.c   the per-user index: markers, listing one user, its gc
 *   files_walk.c    walking the shards: gc and the full list
 *
 * The design (layout, locks, invariants) is described at the top of
 * store_files.c and, for each part, at the top of the file implementing it.
 * Functions declared here are documented at their definitions. Private to
 * libtessera and its tests.
 */
#ifndef TESSERA_FILES_INTERNAL_H
#define TESSERA_FILES_INTERNAL_H

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "tessera/record.h"
#include "tessera/store.h"
#include "store_files_sys.h"

/* Tries a reader makes without waiting before it opens the record under the write mutex. */
#define FILES_READ_SPINS 8
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
#define FILES_SUFFIX_SPARE ".spare"
#define FILES_TMP_RAND_LEN 16
/* The per-user index lives under <root>/users (not a shard name, so walks skip it). */
#define FILES_USERS_DIR "users"
/* How much of a record to read to find its user id (header + u16 + longest id). */
#define FILES_USER_PREFIX (TSR_RECORD_HEADER_LEN + 2 + TSR_RECORD_MAX_USER_ID)

/* The names of one session's files, all derived from its key's bytes. */
typedef struct files_names {
	char hex[TSR_KEY_HEX_LEN + 1];
	char d1[3];
	char d2[3];
	char rec[TSR_KEY_HEX_LEN + sizeof(FILES_SUFFIX_REC)];
	char lock[TSR_KEY_HEX_LEN + sizeof(FILES_SUFFIX_LOCK)];
	char spare[TSR_KEY_HEX_LEN + sizeof(FILES_SUFFIX_SPARE)];
} files_names;

/* The DSN option sync: which changes are flushed to disk (store_files.c, DURABILITY). */
typedef enum files_sync {
	FILES_SYNC_OFF,  /* sync=off: none */
	FILES_SYNC_ENDS, /* sync=ends (the default): those that end a session ID */
	FILES_SYNC_FULL, /* sync=full: every change */
} files_sync;

/*
 * A store handle. 'euid' is geteuid() read once at open: the owner every
 * file and directory under the root must have (a process that changes its
 * effective uid must open the store again).
 */
typedef struct files_store {
	tsr_store base;
	int root_fd;
	uid_t euid;
	files_sync sync;
} files_store;

/*
 * A lock handle. 'names' are the session's file names, made once at
 * acquire. 'lock_dev' / 'lock_ino' identify the inode 'lock_fd' holds (valid
 * while lock_fd >= 0): the write mutex compares the path against them
 * instead of fstat-ing the descriptor again.
 */
typedef struct files_lock {
	tsr_lock base;
	files_names names;
	int shard_fd;   /* the session's shard directory, or -1 */
	int lock_fd;    /* EXCLUSIVE: the flocked lock file while held, else -1 */
	dev_t lock_dev; /* the identity of lock_fd's inode */
	ino_t lock_ino;
} files_lock;

/* The index directory names of one user: SHA-256 of the user id in hex, and its first two digits.
 */
typedef struct files_user {
	char hex[TSR_KEY_HEX_LEN + 1];
	char d1[3];
} files_user;

/* Every system call of the store goes through the overridable table. */
#define SYS tsr__files_sys

/* files_path.c */
int tsr__files_openat(int dirfd, const char *path, int flags, mode_t mode);
int tsr__files_open_record(int dirfd, const char *name, int flags);
void tsr__files_close(int *fd);
int tsr__files_fsync(int fd);
int tsr__files_sync(const files_store *fs, int fd, bool ends_id);
const char *tsr__files_strerror(int err);
int tsr__files_fail(files_store *fs, int err, const char *what, const files_names *n);
void tsr__files_names_make(const tsr_key *key, files_names *n);
bool tsr__files_is_hex(const char *s, size_t len);
int64_t tsr__files_ts_to_ms(const struct timespec *ts);
struct timespec tsr__files_ms_to_ts(int64_t ms);
int tsr__files_check_stat(files_store *fs, const struct stat *sb, mode_t type, const char *what,
                          const files_names *n);
int tsr__files_check_fd(files_store *fs, int fd, mode_t type, const char *what,
                        const files_names *n, struct stat *sb);
/* What tsr__files_subdir_open does about a missing directory. */
typedef enum files_dir_mode {
	FILES_DIR_EXISTING,       /* nothing: TSR_ENOTFOUND */
	FILES_DIR_CREATE,         /* creates it */
	FILES_DIR_CREATE_FLUSHED, /* creates it and fsyncs the parent, so the new entry is durable */
} files_dir_mode;

int tsr__files_subdir_open(files_store *fs, int parent, const char *name, files_dir_mode mode,
                           int *out, const files_names *n);
int tsr__files_shard_open(files_store *fs, const files_names *n, bool create, int *out);
int tsr__files_lock_shard(files_store *fs, files_lock *lk, const files_names *n, bool create);
int tsr__files_lockfile_open(files_store *fs, int shard, const files_names *n, bool create,
                             int *out, struct stat *sb);
int tsr__files_same_file(int dir, const char *name, const struct stat *held);
int tsr__files_record_exists(files_store *fs, int shard, const files_names *n);
bool tsr__files_is_shard_name(const char *name);
DIR *tsr__files_opendir(int fd);

/* files_lock.c */
int tsr__files_mutex_lock(int fd);
void tsr__files_mutex_unlock(int fd);
int tsr__files_mutex_enter(files_store *fs, files_lock *lk, const files_names *n, int *mfd,
                           bool *owned, struct stat *sb);
void tsr__files_mutex_leave(int *mfd, bool owned);
void tsr__files_drop_lockfile(int shard, const files_names *n, int fd, bool have_flock);
int tsr__files_lock_take(files_store *fs, files_lock *lk, const files_names *n);
void tsr__files_unlock(files_store *fs, files_lock *lk, const files_names *n, bool tidy);

/* files_users.c */
int tsr__files_record_probe(files_store *fs, int shard, const files_names *n, uint8_t *uid,
                            size_t *ulen);
void tsr__files_stored_user(files_store *fs, int shard, const files_names *n, uint8_t *uid,
                            size_t *ulen);
int tsr__files_user_mark(files_store *fs, const uint8_t *uid, size_t len, const files_names *n);
void tsr__files_user_unmark(files_store *fs, const uint8_t *uid, size_t len, const files_names *n);
void tsr__files_gc_users(files_store *fs);
int tsr__files_list_user(files_store *fs, const char *user_id, tsr_store_visit_fn visit, void *arg);

/* files_walk.c */
int tsr__files_gc(tsr_store *st, int64_t now, uint64_t *deleted);
int tsr__files_list(tsr_store *st, const char *user_id, tsr_store_visit_fn visit, void *arg);

/* store_files.c */
int tsr__files_record_read(files_store *fs, int shard, const files_names *n, tsr_bytes *out,
                           int64_t *expires_at);

#endif
