#!/usr/bin/env bash
# Builds Tessera and runs every test suite, for `make test` (after `make deps`).
#
# Steps, in order; each prints its own output and its own count line, and a
# log of it is kept in build/test-logs/<step>.log:
#   lint           scripts/lint.sh: lib/ free of Zend, C files clang-formatted
#   build          make lib, make cli, make ext (a failed build is 1 failure)
#   unit           each lib/tests/test_<unit>.c as build/tests/test_<unit>
#                  (cmocka, ASan+UBSan): its "[  PASSED  ] N" and
#                  "[  FAILED  ] N" lines
#   redis-servers  scripts/redis-test-servers.sh start (the Redis servers the
#                  phpt suite's ext/tests/08_redis needs); a failed start is
#                  1 failure. The phpt steps then run with TSR_REDIS_REQUIRED=1,
#                  so that those tests fail rather than skip without a server
#   phpt           make test-phpt: run-tests.php's "Tests passed/failed"
#                  lines; borked, leaked and warned tests count as failed
#   phpt-valgrind  make test-phpt-valgrind, only when CI=true or VALGRIND=1
#   fuzz           make fuzz FUZZ_SECONDS=10: 1 test per lib/fuzz/fuzz_*.c
#                  target, passed when libFuzzer reports "Done N runs"
#   cli            make test-cli, when tests/cli or cli/tests exists: its
#                  "N passed, N failed" line
#   e2e            tests/e2e/run.sh: its "N passed, N failed" line
#   e2e-demo       tests/e2e/demo.sh (scripts/demo.sh, the server behind
#                  `make demo`, driven with curl): its "N passed, N failed" line
#   e2e-redis      scripts/redis-test-servers.sh start, then
#                  tests/e2e/redis.sh (the redis store through nginx +
#                  php-fpm): its "N passed, N failed" line
#   e2e-object-api scripts/redis-test-servers.sh start, then
#                  tests/e2e/object_api.sh with TSR_REDIS_REQUIRED=1 (the
#                  object API through nginx + php-fpm on the files and the
#                  redis store; no Redis server is a failure, never a
#                  skip): its "N passed, N failed" line
#
# A step that crashes, times out or prints no count is a failure, never a
# silent zero. Ends with one line "N passed, N failed" summing every step,
# and exits non-zero if anything failed or nothing passed.
#
# Environment: MAKE (make), CI / VALGRIND (see above), TESTS_SKIP (steps
# to leave out, e.g. "fuzz phpt-valgrind"; each is reported as skipped),
# TESTS_FUZZ_SECONDS (10), TESTS_UNIT_TIMEOUT (120 s per binary).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
MAKE=${MAKE:-make}
TESTS_SKIP=${TESTS_SKIP:-}
TESTS_FUZZ_SECONDS=${TESTS_FUZZ_SECONDS:-10}
TESTS_UNIT_TIMEOUT=${TESTS_UNIT_TIMEOUT:-120}
LOGS=build/test-logs
export NO_INTERACTION=1 REPORT_EXIT_STATUS=1

total_passed=0
total_failed=0
summary=()
mkdir -p "$LOGS"

# record STEP PASSED FAILED [NOTE]: adds a step's counts to the totals.
record()
{
	local step=$1 p=$2 f=$3 note=${4:-}
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	local secs=$((SECONDS - STEP_STARTED))
	summary+=("$(printf '  %-14s %5d passed, %3d failed  %4d s%s' "$step" "$p" "$f" "$secs" "${note:+   ($note)}")")
	printf '>>> %s: %d passed, %d failed%s\n\n' "$step" "$p" "$f" "${note:+ ($note)}"
}

skipped()
{
	[[ " $TESTS_SKIP " == *" $1 "* ]] || return 1
	summary+=("$(printf '  %-14s skipped (TESTS_SKIP)' "$1")")
	printf '>>> %s: skipped (TESTS_SKIP)\n\n' "$1"
	return 0
}

STEP_STARTED=$SECONDS
banner()
{
	STEP_STARTED=$SECONDS
	printf '=== %s\n' "$1"
}

# On a terminal, keep the timed commands in our process group so that Ctrl-C
# reaches them; otherwise timeout gives each its own group, killed whole.
TIMEOUT=(timeout -k 10)
[[ -t 0 ]] && TIMEOUT+=(--foreground)

# run LOG SECONDS COMMAND...: runs COMMAND with a time limit, its output
# appended to LOG and shown as it comes (but for lines matching $RUN_HIDE, if
# set); returns its exit status (124 on timeout). The output goes through a
# file, not a pipe, so that a process the command leaves behind cannot keep
# us waiting; off a terminal, such leftovers (its process group) are killed.
run()
{
	local log=$1 secs=$2 out pid rc
	shift 2
	out=$(mktemp "$LOGS/.run.XXXXXX")
	"${TIMEOUT[@]}" "$secs" "$@" >"$out" 2>&1 </dev/null &
	pid=$!
	tail -s 0.1 -n +1 -f --pid="$pid" "$out" |
		if [[ -n ${RUN_HIDE:-} ]]; then grep --line-buffered -v -E "$RUN_HIDE"; else cat; fi
	wait "$pid"
	rc=$?
	[[ -t 0 ]] || kill -KILL -- "-$pid" 2>/dev/null
	cat "$out" >>"$log"
	rm -f "$out"
	return "$rc"
}

# join ITEMS...: the items separated by "; ".
join()
{
	local IFS=';'
	local s="$*"
	printf '%s' "${s//;/; }"
}

# sum_matches FILE REGEX: the sum of the first capture group over all lines.
sum_matches()
{
	sed -n -E "s/$2/\\1/p" "$1" | awk '{ s += $1 } END { print s + 0 }'
}

# plain_count FILE: "P F" from the last "N passed, N failed" line of FILE.
plain_count()
{
	sed -n -E 's/^([A-Za-z0-9_-]+: )?([0-9]+) passed, ([0-9]+) failed.*$/\2 \3/p' "$1" | tail -n 1
}

# --- build -------------------------------------------------------------------

BUILT=()
step_build()
{
	banner build
	local log=$LOGS/build.log target bad=0 failed_targets=()
	: >"$log"
	for target in lib cli ext; do
		if run "$log" 1200 "$MAKE" --no-print-directory "$target"; then
			BUILT+=("$target")
		else
			bad=$((bad + 1))
			failed_targets+=("$target")
		fi
	done
	if [[ ! -f ext/modules/tessera.so ]] && [[ " ${BUILT[*]} " == *" ext "* ]]; then
		BUILT=("${BUILT[@]/ext/}")
		bad=$((bad + 1))
		failed_targets+=("ext: no ext/modules/tessera.so")
	fi
	if ((bad)); then
		record build 0 "$bad" "failed: $(join "${failed_targets[@]}")"
	else
		record build 0 0 "built: ${BUILT[*]}"
	fi
}

built()
{
	[[ " ${BUILT[*]} " == *" $1 "* ]]
}

# --- unit --------------------------------------------------------------------

step_unit()
{
	banner unit
	skipped unit && return
	local log=$LOGS/unit.log src name bin out rc p f passed=0 failed=0 notes=()
	: >"$log"
	local -a srcs=(lib/tests/test_*.c)
	if [[ ! -e ${srcs[0]} ]]; then
		record unit 0 1 "no lib/tests/test_*.c"
		return
	fi
	for src in "${srcs[@]}"; do
		name=$(basename "$src" .c)
		bin=build/tests/$name
		echo "== $bin" | tee -a "$log"
		out=$LOGS/unit-$name.log
		: >"$out"
		if ! run "$out" 1200 "$MAKE" --no-print-directory "$bin" >/dev/null; then
			tail -n 20 "$out"
			cat "$out" >>"$log"
			failed=$((failed + 1))
			notes+=("$name did not build")
			continue
		fi
		cat "$out" >>"$log"
		: >"$out"
		run "$out" "$TESTS_UNIT_TIMEOUT" "$bin"
		rc=$?
		cat "$out" >>"$log"
		p=$(sum_matches "$out" '^\[  PASSED  \] ([0-9]+) test\(s\)\..*')
		f=$(sum_matches "$out" '^\[  FAILED  \] ([0-9]+) test\(s\), listed below:.*')
		if ((rc == 124)); then
			f=$((f + 1))
			notes+=("$name timed out after ${TESTS_UNIT_TIMEOUT} s")
		elif ! grep -q -E '^\[  (PASSED|FAILED)  \] [0-9]+ test' "$out"; then
			f=$((f + 1))
			notes+=("$name printed no count (exit $rc)")
		elif ((rc != 0 && f == 0)); then
			f=1
			notes+=("$name exited $rc")
		fi
		rm -f "$out"
		passed=$((passed + p))
		failed=$((failed + f))
	done
	record unit "$passed" "$failed" "$(join "${notes[@]}")"
}

# --- phpt --------------------------------------------------------------------

# step_phpt STEP TARGET SECONDS
step_phpt()
{
	local step=$1 target=$2 secs=$3 log=$LOGS/$1.log rc p f b l w
	banner "$step"
	skipped "$step" && return
	: >"$log"
	if ! built ext; then
		record "$step" 0 1 "the extension did not build"
		return
	fi
	run "$log" "$secs" "$MAKE" --no-print-directory "$target"
	rc=$?
	if ! grep -q '^Number of tests :' "$log"; then
		record "$step" 0 1 "run-tests.php printed no summary (exit $rc)"
		return
	fi
	p=$(sum_matches "$log" '^Tests passed +: +([0-9]+).*')
	f=$(sum_matches "$log" '^Tests failed +: +([0-9]+).*')
	b=$(sum_matches "$log" '^Tests borked +: +([0-9]+).*')
	l=$(sum_matches "$log" '^Tests leaked +: +([0-9]+).*')
	w=$(sum_matches "$log" '^Tests warned +: +([0-9]+).*')
	f=$((f + b + l + w))
	if ((rc != 0 && f == 0)); then
		record "$step" "$p" 1 "exit $rc"
		return
	fi
	record "$step" "$p" "$f" "$(sum_matches "$log" '^Tests skipped +: +([0-9]+).*') skipped, $b borked, $l leaked, $w warned"
}

# --- redis test servers ------------------------------------------------------

# redis_servers_start LOG: scripts/redis-test-servers.sh start (idempotent),
# its output appended to LOG. Returns its exit status.
redis_servers_start()
{
	run "$1" 300 bash scripts/redis-test-servers.sh start
}

# step_redis_servers: starts the servers before the phpt steps, which then
# require them (TSR_REDIS_REQUIRED=1: ext/tests/08_redis fails, never skips).
step_redis_servers()
{
	local log=$LOGS/redis-servers.log
	banner redis-servers
	skipped redis-servers && return
	: >"$log"
	export TSR_REDIS_REQUIRED=1
	if redis_servers_start "$log"; then
		record redis-servers 0 0 "started: $(bash scripts/redis-test-servers.sh status 2>/dev/null | grep -c ' up$') servers up"
	else
		record redis-servers 0 1 "scripts/redis-test-servers.sh start failed (see $log)"
	fi
}

# --- fuzz --------------------------------------------------------------------

step_fuzz()
{
	banner fuzz
	skipped fuzz && return
	local log=$LOGS/fuzz.log rc targets done_runs
	: >"$log"
	local -a srcs=(lib/fuzz/fuzz_*.c)
	if [[ ! -e ${srcs[0]} ]]; then
		record fuzz 0 1 "no lib/fuzz/fuzz_*.c"
		return
	fi
	targets=${#srcs[@]}
	# libFuzzer's progress lines ("#1234 NEW cov: ...") go to the log only.
	RUN_HIDE='^#[0-9]+[[:space:]]' run "$log" $((targets * TESTS_FUZZ_SECONDS * 3 + 600)) \
		"$MAKE" --no-print-directory fuzz FUZZ_SECONDS="$TESTS_FUZZ_SECONDS"
	rc=$?
	# libFuzzer ends a run that found nothing with "Done N runs in S second(s)".
	done_runs=$(grep -c -E '^Done [0-9]+ runs in [0-9]+ second' "$log")
	if ((rc == 0 && done_runs == targets)); then
		record fuzz "$targets" 0 "$targets targets, ${TESTS_FUZZ_SECONDS}s each"
	else
		((done_runs > targets)) && done_runs=$targets
		record fuzz "$done_runs" $((targets - done_runs > 0 ? targets - done_runs : 1)) \
			"exit $rc, $done_runs of $targets targets finished clean"
	fi
}

# --- cli and e2e: suites that print "N passed, N failed" ---------------------

# step_plain STEP SECONDS COMMAND...
step_plain()
{
	local step=$1 secs=$2 log=$LOGS/$1.log rc count
	shift 2
	: >"$log"
	run "$log" "$secs" "$@"
	rc=$?
	count=$(plain_count "$log")
	if [[ -z $count ]]; then
		record "$step" 0 1 "printed no 'N passed, N failed' line (exit $rc)"
		return
	fi
	local p f
	read -r p f <<<"$count"
	if ((rc != 0 && f == 0)); then
		record "$step" "$p" 1 "exit $rc"
	else
		record "$step" "$p" "$f"
	fi
}

step_cli()
{
	banner cli
	skipped cli && return
	if [[ ! -d tests/cli && ! -d cli/tests ]]; then
		summary+=("$(printf '  %-14s none (no tests/cli or cli/tests)' cli)")
		printf '>>> cli: no tests/cli or cli/tests\n\n'
		return
	fi
	if ! built cli; then
		record cli 0 1 "the CLI did not build"
		return
	fi
	step_plain cli 900 "$MAKE" --no-print-directory test-cli
}

step_lint()
{
	banner lint
	skipped lint && return
	step_plain lint 300 bash scripts/lint.sh
}

step_e2e()
{
	banner e2e
	skipped e2e && return
	if ! built ext; then
		record e2e 0 1 "the extension did not build"
		return
	fi
	step_plain e2e 600 bash tests/e2e/run.sh
}

step_e2e_demo()
{
	banner e2e-demo
	skipped e2e-demo && return
	if ! built ext; then
		record e2e-demo 0 1 "the extension did not build"
		return
	fi
	step_plain e2e-demo 300 bash tests/e2e/demo.sh
}

step_e2e_redis()
{
	banner e2e-redis
	skipped e2e-redis && return
	if ! built ext; then
		record e2e-redis 0 1 "the extension did not build"
		return
	fi
	: >"$LOGS/e2e-redis-servers.log"
	if ! redis_servers_start "$LOGS/e2e-redis-servers.log"; then
		record e2e-redis 0 1 "scripts/redis-test-servers.sh start failed (see $LOGS/e2e-redis-servers.log)"
		return
	fi
	step_plain e2e-redis 900 bash tests/e2e/redis.sh
}

step_e2e_object_api()
{
	banner e2e-object-api
	skipped e2e-object-api && return
	if ! built ext; then
		record e2e-object-api 0 1 "the extension did not build"
		return
	fi
	: >"$LOGS/e2e-object-api-servers.log"
	if ! redis_servers_start "$LOGS/e2e-object-api-servers.log"; then
		record e2e-object-api 0 1 "scripts/redis-test-servers.sh start failed (see $LOGS/e2e-object-api-servers.log)"
		return
	fi
	step_plain e2e-object-api 600 env TSR_REDIS_REQUIRED=1 bash tests/e2e/object_api.sh
}

# --- main --------------------------------------------------------------------

# The Redis tests start their own servers on 127.0.0.1; stop them when we end.
trap 'bash scripts/redis-test-servers.sh stop >/dev/null 2>&1 || true' EXIT

started=$SECONDS
step_lint
step_build
step_unit
step_redis_servers
step_phpt phpt test-phpt 900
if [[ ${CI:-} == true || ${VALGRIND:-} == 1 ]]; then
	step_phpt phpt-valgrind test-phpt-valgrind 1800
else
	summary+=("$(printf '  %-14s not run (set CI=true or VALGRIND=1)' phpt-valgrind)")
fi
step_fuzz
step_cli
step_e2e
step_e2e_demo
step_e2e_redis
step_e2e_object_api

echo "=== summary ($((SECONDS - started)) s; logs in $LOGS/)"
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
((total_failed == 0 && total_passed > 0))
