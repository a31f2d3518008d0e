# bench/bench.mk: `make bench`, Tessera side by side with PHP's files
# handler, phpredis and php-memcached (included by the root Makefile).
#
#   make bench            full run (3 repetitions, under 20 minutes):
#                         bench/results/<date>-<host>.md and PNG charts
#   make bench QUICK=1    one short repetition (under 3 minutes): proves the
#                         harness end to end, numbers are indicative only
#   make bench-deps       only install what the bench needs (Debian packages)
#
# `make bench` builds the extension and the CLI first, unless BENCH_EXT /
# BENCH_CLI name an existing build to measure instead (e.g. a copy taken
# while someone else is rebuilding ext/).
#
# Extra knobs are BENCH_* environment or make variables, passed through to
# bench/run.sh (see its header): e.g. make bench BENCH_ONLY="contention".

BENCH_GEN     := $(BUILD)/bench/gen_sessions
BENCH_CFLAGS  := $(WARN) $(DEFS) $(INCS) -Ilib/src -O2 -g

.PHONY: bench bench-deps

bench-deps:
	@bash bench/install-deps.sh

# The scale scenario's generator links the core library (and reaches the
# files store's system call table to skip fsync while generating).
$(BENCH_GEN): bench/gen_sessions.c $(LIB_A) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $< $(LIB_A) -o $@ $(LIBS)

# BENCH_* variables given on the command line or in the environment reach
# bench/run.sh through the environment (make exports both). BENCH_T0 is the
# moment the build starts (make expands every line of a recipe before it runs
# the first): the report checks the time from there against the mode's
# limit; package installs, a one-off, are not counted.
bench: deps bench-deps
	@$(MAKE) --no-print-directory $(if $(BENCH_EXT),,ext) $(if $(BENCH_CLI),,cli) $(BENCH_GEN)
	@BENCH_T0="$(shell date +%s)" BENCH_QUICK="$(if $(filter 1 yes true,$(QUICK)),1,0)" \
		BENCH_GEN="$(abspath $(BENCH_GEN))" bash bench/run.sh
