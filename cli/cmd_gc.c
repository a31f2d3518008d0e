/*
 * Store-wide commands: `tessera gc` deletes expired sessions, `tessera
 * stats` counts what a store holds. Neither decodes a record: both go by
 * the deadline the store keeps, the same rule tsr_store_gc applies.
 */
#include <getopt.h>
#include <inttypes.h>

#include "tessera/policy.h"

#include "cli.h"

/* What `stats` adds up over a listing. */
typedef struct tsr_cli_stats {
	int64_t now;
	uint64_t sessions;
	uint64_t expired;
	uint64_t bytes;
} tsr_cli_stats;

/*
 * `tessera gc DSN`: runs the store's collector at the current time and
 * prints "deleted N".
 */
static int tsr_cli_gc(const tsr_cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	tsr_store *st = NULL;
	uint64_t deleted = 0;
	int c, rc, status;

	if ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		return tsr_cli_option_end(cmd, c, argv);
	}
	if (argc - optind != 1) {
		return tsr_cli_usage_error(cmd, argc - optind < 1 ? "missing DSN" : "too many arguments");
	}
	status = tsr_cli_open_store(cmd->name, argv[optind], 0, &st);
	if (status != TSR_CLI_EXIT_OK) {
		return status;
	}
	rc = tsr_store_gc(st, tsr_clock_now_ms(), &deleted);
	if (rc != TSR_OK) {
		status = tsr_cli_lib_error(cmd->name, rc, tsr_store_error(st));
	}
	/* Sessions deleted before a failure are gone all the same: say how many. */
	printf("deleted %" PRIu64 "\n", deleted);
	tsr_store_close(st);
	return tsr_cli_finish(cmd->name, status);
}

/* Listing visitor for `stats`. */
static int tsr_cli_stats_visit(void *arg, const tsr_key *key, const uint8_t *record, size_t len,
                               int64_t expires_at)
{
	tsr_cli_stats *s = arg;

	(void) key;
	(void) record;
	s->sessions++;
	s->bytes += len;
	if (expires_at <= s->now) {
		s->expired++;
	}
	return 0;
}

/*
 * `tessera stats DSN [--json]`: prints "sessions N", "expired N" (dead but
 * not yet collected) and "bytes N" (stored record bytes), one per line.
 */
static int tsr_cli_stats_run(const tsr_cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	tsr_cli_stats s = {0};
	tsr_store *st = NULL;
	bool json = false;
	int c, rc, status;

	while ((c = getopt_long(argc, argv, ":hj", opts, NULL)) != -1) {
		if (c != 'j') {
			return tsr_cli_option_end(cmd, c, argv);
		}
		json = true;
	}
	if (argc - optind != 1) {
		return tsr_cli_usage_error(cmd, argc - optind < 1 ? "missing DSN" : "too many arguments");
	}
	status = tsr_cli_open_store(cmd->name, argv[optind], 0, &st);
	if (status != TSR_CLI_EXIT_OK) {
		return status;
	}
	s.now = tsr_clock_now_ms();
	rc = tsr_store_list(st, NULL, tsr_cli_stats_visit, &s);
	if (rc != TSR_OK) {
		status = tsr_cli_lib_error(cmd->name, rc, tsr_store_error(st));
	} else if (json) {
		printf("{\"sessions\":%" PRIu64 ",\"expired\":%" PRIu64 ",\"bytes\":%" PRIu64 "}\n",
		       s.sessions, s.expired, s.bytes);
	} else {
		printf("sessions %" PRIu64 "\nexpired %" PRIu64 "\nbytes %" PRIu64 "\n", s.sessions,
		       s.expired, s.bytes);
	}
	tsr_store_close(st);
	return tsr_cli_finish(cmd->name, status);
}

const tsr_cli_command tsr_cli_cmd_gc = {
    .name = "gc",
    .synopsis = "gc DSN",
    .help = "Deletes every session whose deadline has passed (and the leftovers of crashed\n"
            "writers), never one that is locked right now. Prints \"deleted N\".\n"
            "Run it from cron or a systemd timer.\n",
    .run = tsr_cli_gc,
};

const tsr_cli_command tsr_cli_cmd_stats = {
    .name = "stats",
    .synopsis = "stats DSN [--json]",
    .help = "Counts the sessions in the store. Prints three lines:\n"
            "  sessions N   sessions stored\n"
            "  expired N    of those, past their deadline but not yet collected by gc\n"
            "  bytes N      stored record bytes\n"
            "Options:\n"
            "  --json       one JSON object {\"sessions\":N,\"expired\":N,\"bytes\":N}\n",
    .run = tsr_cli_stats_run,
};
