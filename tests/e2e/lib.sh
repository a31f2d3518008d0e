# shellcheck shell=bash
# Helpers shared by the e2e suites (tests/e2e/run.sh: the files store;
# tests/e2e/redis.sh: the redis store; tests/e2e/object_api.sh: the object
# API on both), sourced by them; not run on its own.
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
#               ordered without sleeping), new_v_session, take_holder /
#               kill_holder (a request that holds a session),
#               queue_behind_holder (a holder and a reader waiting for it)
#   numbers     lt, ms, now, wait_until
#   scenario a  a_count_to_200 LABEL: 20 concurrent clients x 10 requests
#               increment one session (run.sh and redis.sh scenario a)
#   scenario b  b_readers: readers while a writer holds the session (b_reader
#               MODE: one reader), run.sh and redis.sh scenario b
#   redis       rcli, storage_key, delete_prefix, redis_tests_lock (the
#               servers of scripts/redis-test-servers.sh)
#   lifecycle   e2e_preflight (tools present), e2e_make_run (the temporary
#               run directory), run_scenarios (the wanted scenarios), and an
#               EXIT trap that stops the stack, calls the suite's
#               suite_cleanup function if it defines one, and removes the run
#               directory unless something failed or E2E_KEEP=1
#
# Environment: E2E_EXT (the extension, default ext/modules/tessera.so),
# E2E_PHP_FPM (php-fpm8.2), E2E_NGINX (nginx), E2E_WORKERS (24),
# E2E_ONLY (e.g. "a c": run only these scenarios), E2E_KEEP=1 (keep the
# temporary directory with configs and logs; it is also kept on failure),
# E2E_HANDLER=files (PHP's own files handler instead of the extension);
# for the redis helpers TSR_REDIS_DIR and TSR_REDIS_PORT, as
# scripts/redis-test-servers.sh reads them. A suite sets E2E_NAME (the label
# of its summary line and run directory) before sourcing this file.

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
TSR_REDIS_DIR=${TSR_REDIS_DIR:-${TMPDIR:-/tmp}/tessera-redis-$(id -u)}
REDIS_PORT=${TSR_REDIS_PORT:-6390}

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

# php_server_start LOG COMMAND...: runs COMMAND (PHP's built-in server,
# `php -S` or a script that execs it) in the background, its output in LOG,
# and sets PHP_SERVER_PID. Waits (10 s at most) for the server's "started"
# line, not a fixed time; returns non-zero if it exits or never prints it.
php_server_start()
{
	local log=$1
	shift
	"$@" >"$log" 2>&1 </dev/null &
	PHP_SERVER_PID=$!
	# tail ends when the server does, so a server that dies gives EOF here.
	timeout 10 grep -q -m 1 'Development Server .* started' \
		<(tail -n +1 -f --pid="$PHP_SERVER_PID" "$log")
}

# php_server_stop PID: stops a server php_server_start started and reaps it.
php_server_stop()
{
	[[ -n ${1:-} ]] || return 0
	kill -TERM "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

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

# new_v_session NAME JAR VALUE: request NAME (account.php, action=set)
# creates a session holding v=VALUE, its cookie in the jar JAR. Sets V_SID to
# its ID. Returns 1 (after one failed check) if it did not.
new_v_session()
{
	local name=$1 jar=$2 value=$3 out
	V_SID=
	out=$(req "$name" -c "$jar" -d "action=set&v=$value" "$BASE/account.php")
	if [[ $out != 200* || $(kv "$S/out/$name.body" s.v) != "$value" ]]; then
		fail "${name%%_*}: a session with v=$value is created" "got: $out $(cat "$S/out/$name.body")"
		return 1
	fi
	V_SID=$(kv "$S/out/$name.body" id)
}

# take_holder NAME URL-QUERY JAR: starts hold.php?ev=NAME&URL-QUERY with the
# cookies of JAR in the background and waits for its "locked <pid> <time>".
# Sets H_PID (the worker), H_T (when it had the lock), H_CURL (the curl
# process, whose "<http code> <seconds>" goes to $S/out/NAME_holder.res).
# Returns 1 (after one failed check) if it did not lock.
take_holder()
{
	local name=$1 query=$2 jar=$3 line
	H_PID='' H_T='' H_CURL=''
	fifo_open "$name" || return 1
	"${CURL[@]}" -b "$jar" -o "$S/out/${name}_holder.body" -w '%{http_code} %{time_total}\n' \
		"$BASE/hold.php?ev=$name&$query" >"$S/out/${name}_holder.res" 2>&1 &
	H_CURL=$!
	if ! read -r -t 20 line <&"$FIFO_FD" || [[ $line != locked* ]]; then
		fifo_close
		fail "${name%%_*}: the holder takes the session" "$(cat "$S/out/${name}_holder.res" "$S/out/${name}_holder.body" 2>/dev/null)"
		return 1
	fi
	fifo_close
	read -r _ H_PID H_T <<<"$line"
	if ! worker_of_ours "$H_PID"; then
		fail "${name%%_*}: the holder's pid $H_PID is one of our php-fpm workers" "/proc/$H_PID: $(cat "/proc/$H_PID/comm" 2>&1)"
		return 1
	fi
	return 0
}

# queue_behind_holder LETTER JAR: sets up scenario LETTER's killed holder: a
# session with v=committed (new_v_session LETTER_set), a holder that takes
# it to set v=uncommitted (take_holder LETTER_locked; released by the event
# file LETTER_release, else after 60 s), then an exclusive reader queued
# behind it in the background (pid in WAITER_PID; "<http code> <seconds>" in
# $S/out/LETTER_waiter.res, body in LETTER_waiter.body). Sets V_SID. Returns
# 1 (after one failed check) if the session or the holder failed.
queue_behind_holder()
{
	local letter=$1 jar=$2
	WAITER_PID=
	new_v_session "${letter}_set" "$jar" committed || return 1
	if ! take_holder "${letter}_locked" "set=uncommitted&release=${letter}_release&hold_ms=60000" "$jar"; then
		: >"$S/events/${letter}_release"
		[[ -n $H_CURL ]] && wait "$H_CURL"
		return 1
	fi
	"${CURL[@]}" -b "$jar" -o "$S/out/${letter}_waiter.body" -w '%{http_code} %{time_total}\n' \
		"$BASE/read.php?mode=exclusive" >"$S/out/${letter}_waiter.res" 2>&1 &
	WAITER_PID=$!
}

# kill_holder NAME: kills the worker of take_holder NAME (kill -9, neither
# writing nor unlocking) and checks that its request did not complete.
kill_holder()
{
	local code
	kill -KILL "$H_PID"
	wait "$H_CURL"
	read -r code _ <"$S/out/$1_holder.res"
	check "${1%%_*}: the killed holder's request did not complete (HTTP $code)" \
		"holder answered: $(cat "$S/out/$1_holder.body" 2>/dev/null)" test "$code" != 200
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

# --- scenario a: no lost update ----------------------------------------------

# a_count_to_200 LABEL: on the running stack, a first request creates a
# session (cookie jar $S/out/a.jar), then 20 concurrent clients x 10 requests
# increment its counter (counter.php). Checks, labelled LABEL, that all 200
# answered with a value, that each saw a distinct value (1..200), and that
# the session ends with n = 200. Sets A_SID to the session's ID. Returns 1
# (after one failed check) if the first request created no session.
a_count_to_200()
{
	local label=$1 jar=$S/out/a.jar c out code n pids=()
	out=$(req a_first -c "$jar" -d 'action=touch' "$BASE/account.php")
	A_SID=$(set_cookie_sid "$S/out/a_first.hdr")
	if [[ $out != 200* || -z $A_SID ]]; then
		fail "$label: the first request creates the session" "got: $out $(cat "$S/out/a_first.body")"
		return 1
	fi
	for c in $(seq 1 20); do
		"${CURL[@]}" -b "$jar" -w 'code=%{http_code}\n' "$BASE/counter.php?client=$c&i=[1-10]" \
			>"$S/out/a_client_$c.txt" 2>&1 &
		pids+=($!)
	done
	for c in "${pids[@]}"; do
		wait "$c"
	done
	cat "$S/out"/a_client_*.txt >"$S/out/a_all.txt"
	n=$(grep -c '^n=' "$S/out/a_all.txt")
	code=$(grep -c '^code=200$' "$S/out/a_all.txt")
	check "$label: all 200 concurrent requests answered 200 with a value" \
		"$code answered 200, $n printed a value; first other lines: $(grep -v -e '^n=' -e '^code=200$' "$S/out/a_all.txt" | head -n 3 | tr '\n' ' ')" \
		test "$code" -eq 200 -a "$n" -eq 200
	# The values seen must be exactly 1..200, each once.
	local distinct expected
	distinct=$(sed -n 's/^n=//p' "$S/out/a_all.txt" | sort -n | uniq | tr '\n' ' ')
	expected=$(seq 1 200 | tr '\n' ' ')
	check "$label: every increment saw a distinct value (1..200, none twice)" \
		"values seen twice: $(sed -n 's/^n=//p' "$S/out/a_all.txt" | sort -n | uniq -d | head -n 5 | tr '\n' ' ')" \
		test "$distinct" == "$expected"
	out=$(req a_final -b "$jar" "$BASE/read.php")
	n=$(kv "$S/out/a_final.body" s.n)
	check "$label: the session ends with n = 200" "got n=$n ($out)" test "$n" == 200
	return 0
}

# --- scenario b: readers do not wait for a writer ----------------------------

# b_reader MODE: a writer holds the session for 500 ms; a MODE reader starts
# once it holds it. Sets R_END, R_LAT, W_RELEASE, W_LAT, R_V, R_CODE.
b_reader()
{
	local mode=$1 jar=$S/out/b.jar wout
	R_END='' R_LAT='' W_RELEASE='' W_LAT='' R_V='' R_CODE=''
	if ! take_holder "b_$mode" "hold_ms=500&set=writer_$mode" "$jar"; then
		[[ -n $H_CURL ]] && wait "$H_CURL"
		return 1
	fi
	read -r R_CODE R_LAT < <(req "b_reader_$mode" -b "$jar" "$BASE/read.php?mode=$mode")
	wait "$H_CURL"
	read -r wout W_LAT <"$S/out/b_${mode}_holder.res"
	R_END=$(kv "$S/out/b_reader_$mode.body" t_end)
	R_V=$(kv "$S/out/b_reader_$mode.body" s.v)
	W_RELEASE=$(kv "$S/out/b_${mode}_holder.body" t_release)
	if [[ $wout != 200 || -z $W_RELEASE ]]; then
		fail "b: the $mode writer completes" "$(cat "$S/out/b_${mode}_holder.res" "$S/out/b_${mode}_holder.body")"
		return 1
	fi
	return 0
}

# b_readers: scenario b on the running stack: a session with v=before, then
# a read_only and a read_and_close reader, each while a writer holds the
# session (b_reader), must return before the writer releases it and see the
# data committed before; the control, an exclusive reader, must wait.
# Ends with no_php_errors. Returns 1 if the session was not created.
b_readers()
{
	local mode committed=before
	new_v_session b_set "$S/out/b.jar" before || return 1
	for mode in read_only read_and_close; do
		b_reader "$mode" || continue
		check "b: a $mode reader returns before the writer releases (reader $(ms "$R_LAT"), writer $(ms "$W_LAT"))" \
			"reader: HTTP $R_CODE, ended at $R_END; writer released at $W_RELEASE; body: $(tr '\n' ' ' <"$S/out/b_reader_$mode.body")" \
			eval '[[ $R_CODE == 200 && -n $R_END ]] && lt "$R_END" "$W_RELEASE"'
		check "b: the $mode reader sees the last committed data (v=$committed), not the writer's" \
			"reader saw v=$R_V" test "$R_V" == "$committed"
		committed=writer_$mode
	done
	# The control: an exclusive reader must wait for the writer, which shows
	# that the writer did hold the session while the readers above ran.
	if b_reader exclusive; then
		check "b: control: an exclusive reader waits for the writer (reader $(ms "$R_LAT"), writer $(ms "$W_LAT"))" \
			"reader: HTTP $R_CODE, ended at $R_END; writer released at $W_RELEASE" \
			eval '[[ $R_CODE == 200 && -n $R_END ]] && ! lt "$R_END" "$W_RELEASE"'
		check "b: control: the exclusive reader sees the writer's data (v=writer_exclusive)" \
			"reader saw v=$R_V" test "$R_V" == writer_exclusive
	fi
	no_php_errors b
}

# --- redis -------------------------------------------------------------------

# rcli PORT ARGS...: one redis-cli command on 127.0.0.1:PORT (5 s at most).
rcli()
{
	local port=$1
	shift
	timeout 5 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>/dev/null
}

# storage_key SID: the key a store files session SID under (SHA-256, hex).
storage_key()
{
	printf '%s' "$1" | sha256sum | cut -c 1-64
}

# delete_prefix PORT PATTERN: deletes the keys matching PATTERN on one server.
delete_prefix()
{
	local key
	rcli "$1" --scan --pattern "$2" | while IFS= read -r key; do
		rcli "$1" del "$key" >/dev/null
	done
}

# redis_tests_lock: takes the tests.lock of the redis test servers
# ($TSR_REDIS_DIR), as the redis unit tests do (some of them restart the
# servers), on the file descriptor LOCK_FD; waits 900 s at most. Fails if the
# lock was not had.
redis_tests_lock()
{
	mkdir -p "$TSR_REDIS_DIR" && chmod 0700 "$TSR_REDIS_DIR"
	exec {LOCK_FD}>>"$TSR_REDIS_DIR/tests.lock"
	flock -w 900 "$LOCK_FD"
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

# run_scenarios LETTER...: runs the suite's scenario_LETTER for each
# LETTER that E2E_ONLY wants, in order, and stops its stack after each.
run_scenarios()
{
	local letter
	for letter in "$@"; do
		if scenario_wanted "$letter"; then
			"scenario_$letter"
			stack_stop
		fi
	done
}
