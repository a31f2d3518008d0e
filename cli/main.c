/*
 * The tessera command's entry point: finds the sub-command named by the
 * first argument and hands it the rest. Exit codes: 0 success, 1 an
 * operational error (store, lock, unknown session), 2 a usage error.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Every sub-command, in the order the overall usage lists them. */
static const tsr_cli_command *const tsr_cli_commands[] = {
    &tsr_cli_cmd_gc,     &tsr_cli_cmd_ls,          &tsr_cli_cmd_show,
    &tsr_cli_cmd_revoke, &tsr_cli_cmd_revoke_user, &tsr_cli_cmd_stats,
};

#define TSR_CLI_N_COMMANDS (sizeof(tsr_cli_commands) / sizeof(tsr_cli_commands[0]))

/* Prints the overall usage: one line per command and the common rules. */
static void tsr_cli_usage(FILE *out)
{
	fputs("usage: tessera COMMAND DSN [ARGS...]\n\nCommands:\n", out);
	for (size_t i = 0; i < TSR_CLI_N_COMMANDS; i++) {
		fprintf(out, "  tessera %s\n", tsr_cli_commands[i]->synopsis);
	}
	fputs("\nDSN names a session store: /absolute/path or files:///absolute/path.\n"
	      "KEY is a storage key (64 hex characters) or a unique prefix of at least 8;\n"
	      "--id takes a raw session ID instead ('-' reads it from stdin), which is hashed\n"
	      "and never printed.\n"
	      "Run 'tessera COMMAND --help' for a command's options and output.\n"
	      "Exit status: 0 success, 1 operational error, 2 usage error.\n",
	      out);
}

/* Returns the command called 'name', or NULL. */
static const tsr_cli_command *tsr_cli_find(const char *name)
{
	for (size_t i = 0; i < TSR_CLI_N_COMMANDS; i++) {
		if (strcmp(tsr_cli_commands[i]->name, name) == 0) {
			return tsr_cli_commands[i];
		}
	}
	return NULL;
}

/*
 * Runs "tessera COMMAND ARGS...": help on -h, --help or "help [COMMAND]";
 * otherwise the named command's exit code (0, 1 or 2, see above).
 */
int main(int argc, char **argv)
{
	const tsr_cli_command *cmd;

	if (argc < 2) {
		tsr_cli_error("usage", "no command given");
		tsr_cli_usage(stderr);
		return TSR_CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc == 2) {
			tsr_cli_usage(stdout);
		} else if ((cmd = tsr_cli_find(argv[2])) != NULL) {
			tsr_cli_print_help(cmd, stdout);
		} else {
			tsr_cli_error("usage", "unknown command '%.20s'", argv[2]);
			tsr_cli_usage(stderr);
			return TSR_CLI_EXIT_USAGE;
		}
		return tsr_cli_finish("help", TSR_CLI_EXIT_OK);
	}
	cmd = tsr_cli_find(argv[1]);
	if (cmd == NULL) {
		tsr_cli_error("usage", "unknown command '%.20s'", argv[1]);
		tsr_cli_usage(stderr);
		return TSR_CLI_EXIT_USAGE;
	}
	return cmd->run(cmd, argc - 1, argv + 1);
}
