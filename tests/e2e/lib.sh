# shellcheck shell=bash
# Helpers shared by the e2e suites (tests/e2e/run.sh: the files store;
# tests/e2e/redis.sh: the redis store), sourced by them; not run on its own.
#
# What a suite gets:
#   reporting   pass, fail, check; the counters 'passed' and 'failed';
#               e2e_summary prints "<name>: N passed, N failed"
#   the stack   stack_start NAME [INI LINE...] starts php-fpm and nginx on free
#               127.0.0.1 ports for one scenario (configs rendered from conf/,
#               session.save_path = $SAVE_PATH or the scenario's own session
#               directory, the pool's environment from $FPM_ENV);
#               stack_stop, reap_stopped; worker_of_ours PID
#   requests    req, kv, set_cookie_sid, set_cookie_value, fifo_open /
#               fifo_close (events from the pages, so that requests are
#               ordered without sleeping)
#   numbers     lt, ms, now, wait_until
#   scenario b  b_reader MODE: a writer holds the session for 500 ms while a
#               reader in MODE runs (used by both suites' scenario b)
#   lifecycle   e2e_preflight (tools present), e2e_make_run (the temporary
#               run directory), and an EXIT trap that stops the stack, calls
#               the suite's suite_cleanup function if it defines one, and
#               removes the run directory unless something failed or
#               E2E_KEEP=1
#
# Environment: E2E_EXT (the extension, default ext/modules/tessera.so),
# E2E_PHP_FPM (php-fpm8.2), E2E_NGINX (nginx), E2E_WORKERS (24),
# E2E_ONLY (e.g. "a c": run only these scenarios), E2E_KEEP=1 (keep the
# temporary directory with configs and logs; it is also kept on failure),
# E2E_HANDLER=files (PHP's own files handler instead of the extension).
# A suite sets E2E_NAME (the label of its summary line and run directory)
# before sourcing this file.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$E2E_DIR/../.." && pwd)
E2E_NAME=${E2E_NAME:-e2e}
E2E_EXT=${E2E_EXT:-$ROOT/ext/modules/tessera.so}
E2E_PHP_FPM=${E2E_PHP_FPM:-php-fpm8.2}
E2E_NGINX=${E2E_NGINX:-nginx}
E2E_WORKERS=${E2E_WORKERS:-24}
E2E_ONLY=${E2E_ONLY:-}
E2E_KEEP=${E2E_KEEP:-0}
E2E_HANDLER=${E2E_HANDLER:-tessera}
WWW=$E2E_DIR/www
CURL=(curl -sS --max-time 60 -H 'Expect:')
SID_RE='^[A-Za-z0-9_-]{32}$'

passed=0
failed=0
RUN=
S=            # the running scenario's directory
BASE=         # its base URL
FPM_PID=
NGINX_PID=
SAVE_PATH=    # session.save_path of the next stack_start; empty: $S/sessions
FPM_ENV=()    # "NAME=value" entries: env[NAME] of the next stack_start's pool
STOPPING=()   # masters told to stop, reaped on exit

# --- reporting ---------------------------------------------------------------

pass()
{
	passed=$((passed + 1))
	printf '  ok    %s\n' "$1"
}

# fail DESCRIPTION [DETAIL...]
fail()
{
	failed=$((failed + 1))
	printf '  FAIL  %s\n' "$1"
	shift
	local detail line
	for detail in "$@"; do
		while IFS= read -r line; do
			printf '        %s\n' "$line"
		done <<<"$detail"
	done
}

# check DESCRIPTION DETAIL COMMAND...: pass if COMMAND succeeds (compound
# conditions are given as eval '...', expanded when the check runs).
check()
{
	local desc=$1 detail=$2
	shift 2
	if "$@"; then
		pass "$desc"
	else
		fail "$desc" "$detail"
	fi
}

# e2e_summary: the suite's last line; succeeds when all checks passed.
e2e_summary()
{
	echo "$E2E_NAME: $passed passed, $failed failed"
	((failed == 0 && passed > 0))
}

finish()
{
	local rc=$?
	stack_stop
	reap_stopped
	if declare -F suite_cleanup >/dev/null; then
		suite_cleanup
	fi
	if [[ -n $RUN && -d $RUN ]]; then
		if ((failed == 0 && rc == 0)) && [[ $E2E_KEEP != 1 ]]; then
			rm -rf "$RUN"
		else
			echo "$E2E_NAME: configs and logs kept in $RUN"
		fi
	fi
}
trap finish EXIT
trap 'exit 130' INT TERM

# --- small helpers -----------------------------------------------------------

# Prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port()
{
	php -n -r '$s = stream_socket_server("tcp://127.0.0.1:0", $no, $msg);
		if ($s === false) { fwrite(STDERR, "$msg\n"); exit(1); }
		echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1), "\n";'
}

# kv FILE KEY: the value of the first "KEY=value" line of FILE.
kv()
{
	sed -n "s/^$2=//p" "$1" 2>/dev/null | head -n 1
}

# set_cookie_sid HEADERS: the PHPSESSID value of the last Set-Cookie header.
set_cookie_sid()
{
	tr -d '\r' <"$1" | sed -n 's/^[Ss]et-[Cc]ookie: PHPSESSID=\([^;]*\).*/\1/p' | tail -n 1
}

# set_cookie_value HEADERS NAME: the value of the last Set-Cookie header
# for cookie NAME (a token: letters, digits, _ and -).
set_cookie_value()
{
	tr -d '\r' <"$1" | sed -n "s/^[Ss]et-[Cc]ookie: $2=\([^;]*\).*/\1/p" | tail -n 1
}

# lt A B: succeeds if the decimal number A is smaller than B.
lt()
{
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'
}

# ms SECONDS: SECONDS as milliseconds with one decimal.
ms()
{
	awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'
}

# now: the wall clock in seconds with microseconds (the pages' microtime(true)).
now()
{
	printf '%s\n' "${EPOCHREALTIME/,/.}"
}

# wait_until T [LIMIT]: polls the wall clock until it is past T (seconds, as
# now prints them), for time-based conditions (a deadline the store keeps);
# fails if that is more than LIMIT (default 60) seconds away.
wait_until()
{
	local t=$1 limit=${2:-60}
	lt "$t" "$(awk -v n="$(now)" -v l="$limit" 'BEGIN { printf "%.6f", n + l }')" || return 1
	while ! lt "$t" "$(now)"; do
		sleep 0.01
	done
}

# req NAME [CURL ARGS...] URL: one request; headers and body go to
# $S/out/NAME.hdr and NAME.body; prints "<http code> <seconds>".
req()
{
	local name=$1
	shift
	"${CURL[@]}" -D "$S/out/$name.hdr" -o "$S/out/$name.body" \
		-w '%{http_code} %{time_total}\n' "$@" 2>"$S/out/$name.err" || true
}

# fifo_open NAME: creates FIFO $S/events/NAME and opens it read-write on fd
# FIFO_FD (read-write, so neither side blocks in open()).
fifo_open()
{
	mkfifo "$S/events/$1" || return 1
	exec {FIFO_FD}<>"$S/events/$1"
}

fifo_close()
{
	exec {FIFO_FD}<&-
}

# scenario_wanted LETTER
scenario_wanted()
{
	[[ -z $E2E_ONLY || " $E2E_ONLY " == *" $1 "* ]]
}

# --- the stack ---------------------------------------------------------------

# render TEMPLATE OUT: fills in the @NAME@ placeholders of a conf template.
render()
{
	local ext="extension = $E2E_EXT" save_path=${SAVE_PATH:-$S/sessions}
	[[ $E2E_HANDLER == tessera ]] || ext="; handler $E2E_HANDLER: no extension"
	# '&' (DSN options) and '\' are special in a sed replacement.
	save_path=${save_path//\\/\\\\}
	save_path=${save_path//&/\\&}
	sed -e "s|@DIR@|$S|g" -e "s|@EXTENSION@|$ext|g" -e "s|@HANDLER@|$E2E_HANDLER|g" \
		-e "s|@SAVE_PATH@|$save_path|g" \
		-e "s|@FPM_PORT@|$FPM_PORT|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" \
		-e "s|@WORKERS@|$E2E_WORKERS|g" -e "s|@WWW@|$WWW|g" "$1" >"$2"
}

# stack_start NAME [INI LINE...]: starts php-fpm and nginx for scenario NAME,
# with the given lines added to php.ini. Returns 1 (after one failed check)
# if the stack does not answer.
stack_start()
{
	local name=$1 line ping
	shift
	S=$RUN/$name
	mkdir -p "$S/sessions" "$S/events" "$S/logs" "$S/nginx" "$S/out"
	chmod 0700 "$S/sessions"
	FPM_PORT=$(free_port)
	HTTP_PORT=$(free_port)
	while [[ $HTTP_PORT == "$FPM_PORT" ]]; do
		HTTP_PORT=$(free_port)
	done
	render "$E2E_DIR/conf/php.ini.in" "$S/php.ini"
	for line in "$@"; do
		printf '%s\n' "$line" >>"$S/php.ini"
	done
	render "$E2E_DIR/conf/php-fpm.conf.in" "$S/php-fpm.conf"
	# The pool is the file's last section: env[] lines appended belong to it.
	for line in "${FPM_ENV[@]}"; do
		if [[ ! ${line%%=*} =~ ^[A-Za-z_][A-Za-z0-9_]*$ || ${line#*=} == *[\"\$\\$'\n']* ]]; then
			fail "$name: FPM_ENV entry '$line' is NAME=value without \", \$, \\ or a newline"
			return 1
		fi
		printf 'env[%s] = "%s"\n' "${line%%=*}" "${line#*=}" >>"$S/php-fpm.conf"
	done
	render "$E2E_DIR/conf/nginx.conf.in" "$S/nginx.conf"

	# Both daemonise only once they listen: php-fpm's parent waits for the
	# master's "ready", nginx binds its sockets before it forks.
	if ! "$E2E_PHP_FPM" -R -n -c "$S/php.ini" -y "$S/php-fpm.conf" >"$S/logs/php-fpm.out" 2>&1; then
		fail "$name: php-fpm starts" "$(tail -n 5 "$S/logs/php-fpm.out" "$S/logs/php-fpm.log" 2>/dev/null)"
		return 1
	fi
	FPM_PID=$(cat "$S/php-fpm.pid")
	if ! "$E2E_NGINX" -p "$S/nginx" -c "$S/nginx.conf" -e "$S/logs/nginx-error.log"; then
		fail "$name: nginx starts" "$(tail -n 5 "$S/logs/nginx-error.log" 2>/dev/null)"
		return 1
	fi
	# The nginx master writes its pid file just after it forks away.
	local i
	for ((i = 0; i < 250; i++)); do
		[[ -s $S/nginx.pid ]] && break
		sleep 0.02
	done
	NGINX_PID=$(cat "$S/nginx.pid" 2>/dev/null)
	BASE=http://127.0.0.1:$HTTP_PORT
	ping=$("${CURL[@]}" --max-time 20 "$BASE/ping.php" 2>&1)
	if [[ $ping != *"handler=$E2E_HANDLER"* || ($E2E_HANDLER == tessera && $ping != *"loaded=1"*) ]]; then
		fail "$name: the stack answers with $E2E_HANDLER as session handler" \
			"ping.php said: $(printf '%s' "$ping" | tr '\n' ' ')" \
			"$(tail -n 3 "$S/logs/php-errors.log" "$S/logs/php-fpm.log" 2>/dev/null)"
		return 1
	fi
	return 0
}

# stack_stop: asks the running scenario's nginx and php-fpm masters to stop
# (SIGTERM) and moves on; reap_stopped waits for them at the end.
stack_stop()
{
	local pid
	for pid in $NGINX_PID $FPM_PID; do
		kill -TERM "$pid" 2>/dev/null && STOPPING+=("$pid")
	done
	NGINX_PID=
	FPM_PID=
}

# reap_stopped: waits (up to 10 s in all) for the stopped masters to exit and
# kills any that did not. They are not our children, so `wait` cannot be used.
reap_stopped()
{
	local pid i
	for ((i = 0; i < 500; i++)); do
		local alive=0
		for pid in "${STOPPING[@]}"; do
			kill -0 "$pid" 2>/dev/null && alive=1
		done
		((alive)) || return 0
		sleep 0.02
	done
	for pid in "${STOPPING[@]}"; do
		kill -KILL "$pid" 2>/dev/null
	done
}

# no_php_errors NAME: checks that the scenario's PHP error log is empty.
no_php_errors()
{
	local log=$S/logs/php-errors.log
	check "$1: no PHP warning or error was logged" \
		"$(head -n 5 "$log" 2>/dev/null)" \
		test ! -s "$log"
}

# worker_of_ours PID: PID is a php-fpm worker whose parent is our master.
worker_of_ours()
{
	local ppid
	ppid=$(sed -n 's/^PPid:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
	[[ -n $FPM_PID && $ppid == "$FPM_PID" ]] && grep -q php-fpm "/proc/$1/comm" 2>/dev/null
}

# --- scenario b: readers do not wait for a writer ----------------------------

# b_reader MODE: a writer holds the session for 500 ms; a MODE reader starts
# once it holds it. Sets R_END, R_LAT, W_RELEASE, W_LAT, R_V, R_CODE.
b_reader()
{
	local mode=$1 jar=$S/out/b.jar line wpid wout
	R_END='' R_LAT='' W_RELEASE='' W_LAT='' R_V='' R_CODE=''
	fifo_open "b_$mode" || return 1
	"${CURL[@]}" -b "$jar" -o "$S/out/b_writer_$mode.body" -w '%{http_code} %{time_total}\n' \
		"$BASE/hold.php?ev=b_$mode&hold_ms=500&set=writer_$mode" >"$S/out/b_writer_$mode.res" 2>&1 &
	wpid=$!
	if ! read -r -t 20 line <&"$FIFO_FD" || [[ $line != locked* ]]; then
		fifo_close
		wait "$wpid"
		fail "b: the writer takes the session" "$(cat "$S/out/b_writer_$mode.res" "$S/out/b_writer_$mode.body" 2>/dev/null)"
		return 1
	fi
	fifo_close
	read -r R_CODE R_LAT < <(req "b_reader_$mode" -b "$jar" "$BASE/read.php?mode=$mode")
	wait "$wpid"
	read -r wout W_LAT <"$S/out/b_writer_$mode.res"
	R_END=$(kv "$S/out/b_reader_$mode.body" t_end)
	R_V=$(kv "$S/out/b_reader_$mode.body" s.v)
	W_RELEASE=$(kv "$S/out/b_writer_$mode.body" t_release)
	if [[ $wout != 200 || -z $W_RELEASE ]]; then
		fail "b: the $mode writer completes" "$(cat "$S/out/b_writer_$mode.res" "$S/out/b_writer_$mode.body")"
		return 1
	fi
	return 0
}

# --- the run -----------------------------------------------------------------

# e2e_preflight [TOOL...]: one failed check per missing tool (php-fpm, nginx,
# curl, php and the given ones) or a missing extension. Succeeds when none.
e2e_preflight()
{
	local tool
	for tool in "$E2E_PHP_FPM" "$E2E_NGINX" curl php "$@"; do
		if ! command -v "$tool" >/dev/null; then
			fail "$E2E_NAME: $tool is installed" "run scripts/install-deps.sh"
		fi
	done
	if [[ $E2E_HANDLER == tessera && ! -f $E2E_EXT ]]; then
		fail "$E2E_NAME: the extension is built" "$E2E_EXT does not exist (make ext)"
	fi
	((failed == 0))
}

# e2e_make_run: creates the run's temporary directory $RUN.
e2e_make_run()
{
	RUN=$(mktemp -d "${TMPDIR:-/tmp}/tessera-$E2E_NAME.XXXXXX")
	chmod 0755 "$RUN"
}
