/*
 * How the tessera command talks about failures: every diagnostic is one
 * line "tessera: <what>: <detail>" on stderr; usage errors add the
 * command's usage line. Also the end-of-output check that turns a failed
 * write to stdout (a full disk, a closed pipe) into exit code 1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Longest part of an unknown option echoed back: enough to recognise a typo. */
#define TSR_CLI_ECHO_MAX 20

/*
 * Prints "tessera: 'what': " and the formatted detail to stderr, followed by
 * a newline.
 */
void tsr_cli_error(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tessera: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * Prints the library's account of 'code': the detail in 'e' when there is
 * one, else the fixed message. Returns TSR_CLI_EXIT_FAIL.
 */
int tsr_cli_lib_error(const char *what, int code, const tsr_error *e)
{
	if (e != NULL && e->err != TSR_OK && e->errstr[0] != '\0') {
		tsr_cli_error(what, "%s", e->errstr);
	} else {
		tsr_cli_error(what, "%s", tsr_strerror(code));
	}
	return TSR_CLI_EXIT_FAIL;
}

/*
 * Prints the formatted problem, the usage line of 'cmd' and a hint, all to
 * stderr. Returns TSR_CLI_EXIT_USAGE.
 */
int tsr_cli_usage_error(const tsr_cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tessera: %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: tessera %s\nTry 'tessera %s --help' for more information.\n",
	        cmd->synopsis, cmd->name);
	return TSR_CLI_EXIT_USAGE;
}

/* Prints the usage line and the help text of 'cmd' to 'out'. */
void tsr_cli_print_help(const tsr_cli_command *cmd, FILE *out)
{
	fprintf(out, "usage: tessera %s\n\n%s", cmd->synopsis, cmd->help);
}

/*
 * Ends a getopt_long loop on an option the command did not handle: help
 * ('h') goes to stdout with exit code 0, anything else is a usage error.
 */
int tsr_cli_option_end(const tsr_cli_command *cmd, int c, char **argv)
{
	const char *token = optind > 0 ? argv[optind - 1] : "";
	int n = (int) strnlen(token, TSR_CLI_ECHO_MAX + 1);
	const char *more = n > TSR_CLI_ECHO_MAX ? "..." : "";

	if (n > TSR_CLI_ECHO_MAX) {
		n = TSR_CLI_ECHO_MAX;
	}
	if (c == 'h') {
		tsr_cli_print_help(cmd, stdout);
		return tsr_cli_finish(cmd->name, TSR_CLI_EXIT_OK);
	}
	if (c == ':') {
		return tsr_cli_usage_error(cmd, "option '%.*s%s' requires an argument", n, token, more);
	}
	if (strncmp(token, "--", 2) != 0 && optopt > ' ' && optopt < 0x7f) {
		return tsr_cli_usage_error(cmd, "unknown option '-%c'", optopt);
	}
	return tsr_cli_usage_error(cmd, "unknown option '%.*s%s'", n, token, more);
}

/*
 * Flushes stdout. Returns 'status' when everything was written, otherwise
 * reports the write error under 'what' and returns TSR_CLI_EXIT_FAIL.
 */
int tsr_cli_finish(const char *what, int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		tsr_cli_error(what, "write error: %s", strerror(errno));
		return TSR_CLI_EXIT_FAIL;
	}
	return status;
}
