/*
 * The scale scenario's session generator: fills a store with N sessions
 * through the core library (tsr_session_create + tsr_session_commit), as
 * many requests would, so `tessera gc` and `tessera ls --user` can be timed
 * on a store of realistic size.
 *
 *   gen_sessions DSN N [--expired PCT] [--users U] [--payload BYTES]
 *                      [--jobs J] [--fsync]
 *
 * Session i (0 <= i < N) belongs to user "bench-user-<i mod U>" (U = 10000
 * by default, so each user has N / U sessions) and carries BYTES of payload
 * (64 by default). The first PCT percent of the sessions (1 by default,
 * decimals allowed) are created two hours in the past with a one-hour idle
 * timeout, so they are already expired when gc runs; the others live for a
 * day. J processes (2 by default) share the work, each with its own store
 * handle.
 *
 * Unless --fsync is given, the files store's fsync() calls are replaced by
 * a no-op through the store's system call table (store_files_sys.h, the
 * table its tests use for fault injection): the store flushes each new
 * user index marker by default, and with sync=full every record too;
 * creating a million sessions that way would take the whole time budget
 * of `make bench`, and durability of the generated data is not what the
 * scenario measures.
 * gc and ls run in the real `tessera` binary, with the real calls.
 *
 * Prints one line "created N expired E users U seconds S rate R/s" and exits
 * 0, or prints the library's error on stderr and exits 1 (2 on a bad
 * command line).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tessera/policy.h"
#include "tessera/session.h"
#include "tessera/sid.h"
#include "tessera/store.h"

#include "store_files_sys.h"

#define GEN_MAX_JOBS 64
#define GEN_MAX_PAYLOAD (1u << 20)
#define GEN_LIVE_IDLE_S 86400u
#define GEN_EXPIRED_IDLE_S 3600u
#define GEN_EXPIRED_AGE_MS (2 * 3600 * 1000)

/* What one run creates. */
typedef struct gen_plan {
	const char *dsn;
	uint64_t n;
	uint64_t n_expired; /* sessions 0 .. n_expired-1 are born expired */
	uint64_t users;
	size_t payload_len;
	unsigned jobs;
	int fsync;
} gen_plan;

/* Stands in for fsync(2) while generating: the data reaches the page cache only. */
static int gen_fsync_skip(int fd)
{
	(void) fd;
	return 0;
}

/* Parses an unsigned decimal in [min, max]; exits with status 2 otherwise. */
static uint64_t gen_uint(const char *what, const char *text, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v < min || v > max) {
		fprintf(stderr, "gen_sessions: %s must be an integer from %" PRIu64 " to %" PRIu64 "\n",
		        what, min, max);
		exit(2);
	}
	return (uint64_t) v;
}

/* Monotonic clock in seconds. */
static double gen_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Prints "gen_sessions: what: detail (NAME)" for a library failure; returns 1. */
static int gen_fail(const char *what, int rc, const tsr_error *e)
{
	fprintf(stderr, "gen_sessions: %s: %s (%s)\n", what,
	        e != NULL && e->errstr[0] != '\0' ? e->errstr : tsr_strerror(rc), tsr_errname(rc));
	return 1;
}

/* Creates and commits session number 'i' of 'plan' on 'st'. Returns 0 or 1 (error printed). */
static int gen_one(const gen_plan *plan, tsr_store *st, uint64_t i, const uint8_t *payload,
                   int64_t now)
{
	char sid[TSR_SID_MAX_LEN + 1], user[32];
	size_t sid_len = tsr_sid_length(TSR_SID_DEFAULT_BITS);
	bool expired = i < plan->n_expired;
	tsr_policy policy = {.idle_timeout = expired ? GEN_EXPIRED_IDLE_S : GEN_LIVE_IDLE_S,
	                     .absolute_timeout = 0};
	int64_t at = expired ? now - GEN_EXPIRED_AGE_MS : now;
	tsr_session s;
	tsr_error e = {0};
	int rc, n;

	tsr_session_init(&s);
	rc = tsr_sid_generate(TSR_SID_DEFAULT_BITS, sid, sizeof(sid), &e);
	if (rc != TSR_OK) {
		return gen_fail("generate id", rc, &e);
	}
	rc = tsr_session_create(&s, st, sid, sid_len, TSR_SID_DEFAULT_BITS, TSR_LOCK_EXCLUSIVE, &policy,
	                        at, &e);
	if (rc != TSR_OK) {
		return gen_fail("create", rc, &e);
	}
	n = snprintf(user, sizeof(user), "bench-user-%" PRIu64, i % plan->users);
	rc = tsr_bytes_set(&s.record.user_id, user, (size_t) n);
	if (rc != TSR_OK) {
		tsr_session_close(&s);
		return gen_fail("user id", rc, NULL);
	}
	rc = tsr_session_commit(&s, payload, plan->payload_len, at, &e);
	if (rc != TSR_OK) {
		return gen_fail("commit", rc, &e);
	}
	return 0;
}

/* One worker: sessions first, first + step, ... below plan->n. Returns an exit status. */
static int gen_worker(const gen_plan *plan, uint64_t first, uint64_t step)
{
	tsr_store *st = NULL;
	tsr_error e = {0};
	uint8_t *payload;
	int64_t now = tsr_clock_now_ms();
	int rc, status = 0;

	payload = malloc(plan->payload_len > 0 ? plan->payload_len : 1);
	if (payload == NULL) {
		fprintf(stderr, "gen_sessions: out of memory\n");
		return 1;
	}
	/* The payload is opaque to every store: plain bytes of the requested length. */
	memset(payload, 'x', plan->payload_len);
	rc = tsr_store_open(plan->dsn, NULL, &st, &e);
	if (rc != TSR_OK) {
		free(payload);
		return gen_fail("open store", rc, &e);
	}
	for (uint64_t i = first; i < plan->n; i += step) {
		if (gen_one(plan, st, i, payload, now) != 0) {
			status = 1;
			break;
		}
	}
	tsr_store_close(st);
	free(payload);
	return status;
}

/* Forks plan->jobs workers and waits for all of them. Returns an exit status. */
static int gen_run(const gen_plan *plan)
{
	pid_t pids[GEN_MAX_JOBS];
	unsigned started = 0;
	int status = 0;

	for (unsigned j = 0; j < plan->jobs; j++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("gen_sessions: fork");
			status = 1;
			break;
		}
		if (pid == 0) {
			fflush(stdout);
			_exit(gen_worker(plan, j, plan->jobs));
		}
		pids[started++] = pid;
	}
	for (unsigned j = 0; j < started; j++) {
		int ws;
		while (waitpid(pids[j], &ws, 0) < 0) {
			if (errno != EINTR) {
				perror("gen_sessions: waitpid");
				return 1;
			}
		}
		if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
			status = 1;
		}
	}
	return status;
}

/* Prints the command line synopsis to 'out'. */
static void gen_usage(FILE *out)
{
	fputs("usage: gen_sessions DSN N [--expired PCT] [--users U] [--payload BYTES] [--jobs J] "
	      "[--fsync]\n",
	      out);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {{"expired", required_argument, NULL, 'e'},
	                                     {"users", required_argument, NULL, 'u'},
	                                     {"payload", required_argument, NULL, 'p'},
	                                     {"jobs", required_argument, NULL, 'j'},
	                                     {"fsync", no_argument, NULL, 'f'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	gen_plan plan = {.users = 10000, .payload_len = 64, .jobs = 2, .fsync = 0};
	double expired_pct = 1.0, t0, secs;
	int c, status;

	while ((c = getopt_long(argc, argv, "e:u:p:j:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'e': {
			char *end;
			errno = 0;
			expired_pct = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' || !(expired_pct >= 0.0) ||
			    expired_pct > 100.0) {
				fprintf(stderr, "gen_sessions: --expired must be a percentage from 0 to 100\n");
				return 2;
			}
			break;
		}
		case 'u':
			plan.users = gen_uint("--users", optarg, 1, UINT32_MAX);
			break;
		case 'p':
			plan.payload_len = (size_t) gen_uint("--payload", optarg, 0, GEN_MAX_PAYLOAD);
			break;
		case 'j':
			plan.jobs = (unsigned) gen_uint("--jobs", optarg, 1, GEN_MAX_JOBS);
			break;
		case 'f':
			plan.fsync = 1;
			break;
		case 'h':
			gen_usage(stdout);
			return 0;
		default:
			gen_usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		gen_usage(stderr);
		return 2;
	}
	plan.dsn = argv[optind];
	plan.n = gen_uint("N", argv[optind + 1], 0, UINT64_C(100000000));
	plan.n_expired = (uint64_t) ((double) plan.n * expired_pct / 100.0 + 0.5);
	if (!plan.fsync) {
		tsr__files_sys.fsync = gen_fsync_skip;
	}
	t0 = gen_now_s();
	status = gen_run(&plan);
	secs = gen_now_s() - t0;
	if (status == 0) {
		printf("created %" PRIu64 " expired %" PRIu64 " users %" PRIu64
		       " seconds %.3f rate %.0f/s\n",
		       plan.n, plan.n_expired, plan.users, secs, secs > 0 ? (double) plan.n / secs : 0.0);
	}
	return status;
}
