#!/usr/bin/env bash
# Tessera's benchmark, side by side with PHP's own session handlers:
# `make bench` (full) or `make bench QUICK=1` (one repetition, short runs,
# 2x10^4 sessions in the scale scenario).
#
# It starts, on 127.0.0.1 only and from their binaries with generated
# configurations in a temporary directory (nothing under /etc is read or
# written): one redis-server, one memcached, one php-fpm master per peer
# (static pool of $BENCH_WORKERS workers, `-R -n -c <its own php.ini>`, so
# each pool loads only the extensions its handler needs) and one nginx with
# one server per pool. Everything it started is stopped on exit (trap), by
# the pids it recorded.
#
# Peers (pools): PHP files; phpredis locked at its defaults, locked tuned
# (lock_retries=-1, lock_wait_time=2000) and unlocked; php-memcached locked
# at its defaults and tuned; Tessera on each store built into the extension
# (files; redis when the extension accepts a redis:// save_path), in the
# exclusive (default) and none lock modes; a no-session page as the
# ceiling; and PHP files with tessera.so loaded but unused (footprint only).
#
# Scenarios (BENCH_ONLY="throughput contention ..." runs a subset):
#   footprint   per-request Zend heap (mem.php) and php-fpm worker RSS/PSS
#   throughput  wrk, $BENCH_CONNECTIONS connections, $BENCH_SESSIONS
#               pre-created sessions picked at random, payloads 512 B, 16 KB
#   contention  one session, C clients x R requests (HOLD0_FACTOR x R at
#               hold 0) from one curl, incrementing a counter and holding
#               it 0 and 20 ms: lost updates, errors, overhead; and one
#               client alone
#   readers     10 read-only opens while a writer holds the session 500 ms
#   wakeup      one waiter blocked on a session a writer holds 100 ms: the
#               time from the writer's session_write_close() call to the
#               waiter's session_start() returning (a handler that polls
#               pays up to its retry interval here)
#   merge       20 requests at once each holding one session 100 ms and
#               incrementing: Tessera's OnWrite against every peer's lock
#   scale       10^6 sessions in each Tessera store: tessera gc / ls --user
#
# Every raw figure goes to a TSV file; bench/report.php turns it into
# bench/results/<date>-<host>.md, gnuplot draws the PNG charts beside it,
# and the targets are printed as PASS/FAIL lines at the end, with one more
# for the run's own elapsed time against its mode's limit (QUICK=1: 180 s,
# full: 1200 s). The load average is recorded at the start, after each
# repetition and at the end; a machine still busy at the start (1-minute
# load above nproc after BENCH_LOAD_WAIT s) is flagged in the report.
#
# Settings (environment; the Makefile passes QUICK=1 as BENCH_QUICK=1):
#   BENCH_QUICK, BENCH_REPEATS, BENCH_DURATION (s per wrk run), BENCH_WARMUP,
#   BENCH_SESSIONS, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_WORKERS,
#   BENCH_PAYLOADS, BENCH_CLIENTS, BENCH_REQUESTS, BENCH_HOLDS,
#   BENCH_READERS, BENCH_READER_HOLD_MS, BENCH_WAKE_TRIALS, BENCH_WAKE_HOLD_MS,
#   BENCH_MERGE_CLIENTS, BENCH_MERGE_HOLD_MS,
#   BENCH_SCALE_N, BENCH_ONLY, BENCH_ROWS (pools whose throughput and
#   contention rows run, e.g. "tessera_redis redis_unlocked"; all if empty),
#   BENCH_OUT (results directory), BENCH_EXT, BENCH_CLI, BENCH_GEN,
#   BENCH_KEEP=1 (keep the temporary directory), BENCH_NGINX_WORKERS,
#   BENCH_LOAD_WAIT (s to wait at start for the 1-minute load average to
#   fall to nproc, 60 by default), BENCH_T0 (epoch second the run counts
#   its elapsed time from; `make bench` passes the moment it starts
#   building, so the time limit covers the build but not package installs);
#   TMPDIR (where the temporary directory goes: it must be a local disk file
#   system with room for the scale store, about 4 GB and 3x10^6 inodes at
#   10^6 sessions).
set -uo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

BENCH_QUICK=${BENCH_QUICK:-0}
[[ $BENCH_QUICK == 1 ]] || BENCH_QUICK=0
if ((BENCH_QUICK)); then
	q_repeats=1 q_duration=2 q_clients=8 q_requests=10 q_scale=20000 q_wake_trials=3
else
	q_repeats=3 q_duration=4 q_clients=10 q_requests=20 q_scale=1000000 q_wake_trials=5
fi
BENCH_REPEATS=${BENCH_REPEATS:-$q_repeats}
BENCH_DURATION=${BENCH_DURATION:-$q_duration}
BENCH_WARMUP=${BENCH_WARMUP:-1}
BENCH_SESSIONS=${BENCH_SESSIONS:-2000}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_WORKERS=${BENCH_WORKERS:-32}
BENCH_PAYLOADS=${BENCH_PAYLOADS:-512 16384}
BENCH_CLIENTS=${BENCH_CLIENTS:-$q_clients}
BENCH_REQUESTS=${BENCH_REQUESTS:-$q_requests}
BENCH_HOLDS=${BENCH_HOLDS:-0 20}
# At hold 0 a contention run makes this many times BENCH_REQUESTS per client
# (R requests take milliseconds there); the report states it from the meta.
HOLD0_FACTOR=5
BENCH_READERS=${BENCH_READERS:-10}
BENCH_READER_HOLD_MS=${BENCH_READER_HOLD_MS:-500}
BENCH_WAKE_TRIALS=${BENCH_WAKE_TRIALS:-$q_wake_trials}
BENCH_WAKE_HOLD_MS=${BENCH_WAKE_HOLD_MS:-100}
BENCH_MERGE_CLIENTS=${BENCH_MERGE_CLIENTS:-20}
BENCH_MERGE_HOLD_MS=${BENCH_MERGE_HOLD_MS:-100}
BENCH_SCALE_N=${BENCH_SCALE_N:-$q_scale}
BENCH_ONLY=${BENCH_ONLY:-}
BENCH_ROWS=${BENCH_ROWS:-}
BENCH_OUT=${BENCH_OUT:-$BENCH_DIR/results}
BENCH_EXT=${BENCH_EXT:-$ROOT/ext/modules/tessera.so}
BENCH_CLI=${BENCH_CLI:-$ROOT/build/tessera}
BENCH_GEN=${BENCH_GEN:-$ROOT/build/bench/gen_sessions}
BENCH_KEEP=${BENCH_KEEP:-0}
BENCH_NGINX_WORKERS=${BENCH_NGINX_WORKERS:-$(nproc)}
BENCH_PHP_FPM=${BENCH_PHP_FPM:-php-fpm8.2}
BENCH_PHP=${BENCH_PHP:-php}
BENCH_LOAD_WAIT=${BENCH_LOAD_WAIT:-60}
BENCH_T0=${BENCH_T0:-$(date +%s)}

EXT_DIR=$("$BENCH_PHP" -n -r 'echo ini_get("extension_dir");' 2>/dev/null)
WWW=$BENCH_DIR/www
# One User-Agent for every client (curl and wrk): Tessera's default
# tessera.fingerprint_ua = strict gives a request from another User-Agent a
# new session, as it should, so the sessions curl creates must be read with
# curl's User-Agent.
BENCH_UA=tessera-bench
CURL=(curl -sS --max-time 120 -H 'Expect:' -A "$BENCH_UA")

W=            # the run's temporary directory
RAW=          # its TSV of raw figures
META=         # its TSV of facts about the machine, versions and settings
REDIS_PID=
MEMCACHED_PID=
NGINX_PID=
REDIS_PORT=
MEMCACHED_PORT=
declare -A FPM_PID=()   # pool -> php-fpm master pid
declare -A PORT=()      # pool -> nginx port
POOLS=()                # pools started, in report order
REMOVER_PID=            # remove_tree running in the background, if any
WRITER_PID=             # the writer writer_hold started last
TESSERA_REDIS=0         # 1 when the extension accepts a redis:// save_path
TESSERA_REDIS_WHY=''
T_START=$SECONDS

say()
{
	printf 'bench: %s\n' "$*"
}

# die MESSAGE: ends the whole run with MESSAGE. Called inside a subshell
# (a helper run as $(...), a pipeline), `exit` alone would end only that
# subshell and the run would carry on with an empty value: the main shell is
# told with SIGUSR1, whose trap exits it (and so runs finish).
die()
{
	printf 'bench: error: %s\n' "$*" >&2
	if [[ $BASHPID != "$$" ]]; then
		kill -USR1 "$$" 2>/dev/null
	fi
	exit 1
}

# --- cleanup -----------------------------------------------------------------

# bg_started PID: records a background client (curl) started with `&` in
# $W/bg.pids, so finish can stop it: a file, not a variable, because
# helpers that start clients may run in a $(...) subshell. Background
# commands of a non-interactive shell ignore SIGINT, so Ctrl-C alone would
# leave them running (up to curl's --max-time).
bg_started()
{
	printf '%s\n' "$1" >>"$W/bg.pids"
}

# stop_clients: stops the background clients recorded by bg_started that
# still run, by pid (a pid is signalled only while it still names a curl).
stop_clients()
{
	local pid
	[[ -n $W && -s $W/bg.pids ]] || return 0
	while IFS= read -r pid; do
		[[ $pid =~ ^[0-9]+$ ]] || continue
		if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == curl ]]; then
			kill -TERM "$pid" 2>/dev/null
		fi
	done <"$W/bg.pids"
	: >"$W/bg.pids"
}

# Stops every process this script started, by pid, and waits for them.
stop_all()
{
	local pid pids=() i alive
	[[ -n $NGINX_PID ]] && pids+=("$NGINX_PID")
	for pid in "${FPM_PID[@]}"; do
		pids+=("$pid")
	done
	[[ -n $REDIS_PID ]] && pids+=("$REDIS_PID")
	[[ -n $MEMCACHED_PID ]] && pids+=("$MEMCACHED_PID")
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for ((i = 0; i < 500; i++)); do
		alive=0
		for pid in "${pids[@]}"; do
			kill -0 "$pid" 2>/dev/null && alive=1
		done
		((alive)) || break
		sleep 0.02
	done
	for pid in "${pids[@]}"; do
		kill -KILL "$pid" 2>/dev/null
	done
	# redis-server and memcached are our children: reap them.
	wait 2>/dev/null
	NGINX_PID='' REDIS_PID='' MEMCACHED_PID=''
	FPM_PID=()
}

finish()
{
	local rc=$?
	trap - INT TERM USR1
	stop_clients
	if [[ -n $REMOVER_PID ]]; then
		# Stop the deletion of the files scale store (stop_all waits for every child).
		pkill -TERM -P "$REMOVER_PID" 2>/dev/null
		kill -TERM "$REMOVER_PID" 2>/dev/null
	fi
	stop_all
	if [[ -n $W && -d $W ]]; then
		if [[ $BENCH_KEEP == 1 || $rc != 0 ]]; then
			say "temporary directory kept: $W"
		else
			rm -rf "$W"
		fi
	fi
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 1' USR1

# --- small helpers -----------------------------------------------------------

# Prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port()
{
	# shellcheck disable=SC2016 # PHP code, not shell
	"$BENCH_PHP" -n -r '$s = stream_socket_server("tcp://127.0.0.1:0", $no, $msg);
		if ($s === false) { fwrite(STDERR, "$msg\n"); exit(1); }
		echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1), "\n";'
}

# raw SCENARIO POOL VARIANT REP METRIC VALUE: one raw figure.
raw()
{
	local IFS=$'\t'
	printf '%s\n' "$*" >>"$RAW"
}

# meta KEY VALUE...: one fact for the report.
meta()
{
	local key=$1
	shift
	printf '%s\t%s\n' "$key" "$*" >>"$META"
}

# wanted SCENARIO: succeeds if SCENARIO is to run.
wanted()
{
	picked "$BENCH_ONLY" "$1"
}

# picked LIST WORD: succeeds if LIST (words separated by spaces) is empty
# or names WORD.
picked()
{
	[[ -z $1 || " $1 " == *" $2 "* ]]
}

# have POOL: succeeds if POOL was started.
have()
{
	[[ -n ${FPM_PID[$1]:-} ]]
}

# The order of the throughput and contention rows on odd repetitions
# (reversed on even ones): each Tessera row runs right beside the peers its
# throughput targets compare it with (PHP files; phpredis locked-tuned and
# unlocked), so that the machine's drift between two rows enters their
# ratio as little as it can; sync=full, which leaves the most disk
# writeback behind, runs at an end.
ROW_ORDER=(files tessera_files tessera_files_none redis_tuned tessera_redis redis_unlocked
	tessera_redis_none redis_default memcached_default memcached_tuned tessera_files_full)

# rows_started: the pools of ROW_ORDER that were started (and, when
# BENCH_ROWS is set, are named in it), one per line.
rows_started()
{
	local pool
	for pool in "${ROW_ORDER[@]}"; do
		picked "$BENCH_ROWS" "$pool" || continue
		have "$pool" && printf '%s\n' "$pool"
	done
}

# in_rep_order REP ITEM...: the ITEMs, one per line, as given on an odd
# repetition REP and in reverse on an even one, so that a row does not
# always run at the same point of a repetition (first on a quiet machine,
# or right after the rows that left the most disk writeback behind).
in_rep_order()
{
	local rep=$1 i
	shift
	if ((rep % 2)); then
		printf '%s\n' "$@"
	else
		for ((i = $#; i >= 1; i--)); do
			printf '%s\n' "${!i}"
		done
	fi
}

# base POOL: the pool's URL.
base()
{
	printf 'http://127.0.0.1:%s' "${PORT[$1]}"
}

# kv FILE KEY: the value of the first "KEY=value" line of FILE.
kv()
{
	sed -n "s/^$2=//p" "$1" 2>/dev/null | head -n 1
}

# load_mark WHEN: records the load averages (1, 5, 15 minutes) at WHEN,
# and the CPU time the machine has counted in all and as stolen (the
# /proc/stat "cpu" line's sum and its steal field, in clock ticks): on a
# virtual machine, steal is time the host gave this machine's CPUs to
# others, which no load average shows.
load_mark()
{
	meta load "$1: $(cut -d' ' -f1-3 /proc/loadavg)"
	meta ticks "$1: $(awk '$1 == "cpu" { for (i = 2; i <= NF; i++) t += $i; print t, $9; exit }' /proc/stat)"
}

# load_settle: records the load at the start; while the 1-minute load is
# above the number of CPUs, waits (polling every 5 s, BENCH_LOAD_WAIT s at
# most) for it to fall. If it does not, the report says the figures may be
# disturbed (meta "busy").
load_settle()
{
	local n load waited=0
	n=$(nproc)
	load=$(cut -d' ' -f1 /proc/loadavg)
	load_mark start
	meta load_wait_max_s "$BENCH_LOAD_WAIT"
	while awk -v l="$load" -v n="$n" 'BEGIN { exit !(l > n) }'; do
		if ((waited >= BENCH_LOAD_WAIT)); then
			meta busy "1-minute load $load above $n CPUs after waiting $waited s"
			say "machine was busy: figures may be disturbed (1-minute load $load above $n CPUs after waiting $waited s)"
			break
		fi
		((waited == 0)) && say "1-minute load $load is above $n CPUs: waiting up to $BENCH_LOAD_WAIT s for it to fall"
		sleep 5
		waited=$((waited + 5))
		load=$(cut -d' ' -f1 /proc/loadavg)
	done
	((waited > 0)) && load_mark "start, after waiting $waited s"
	meta load_wait_s "$waited"
}

# linked_package SONAME: "<package> <version>" of the Debian package that
# holds the library SONAME (e.g. libhiredis.so.0.14) as the extension loads
# it (ldd), or why not.
linked_package()
{
	local path pkg
	path=$(ldd "$BENCH_EXT" 2>/dev/null | awk -v s="$1" 'index($1, s) == 1 { print $3; exit }')
	if [[ -z $path ]]; then
		echo "not linked by tessera.so"
		return
	fi
	# The package list names /usr/lib/..., ldd may say /lib/... (merged /usr).
	pkg=$(dpkg -S "*/${path##*/}" 2>/dev/null | awk -F': ' -v f="/${path##*/}" \
		'substr($2, length($2) - length(f) + 1) == f { print $1; exit }')
	if [[ -z $pkg ]]; then
		echo "${path##*/} (not from a Debian package: $path)"
		return
	fi
	printf '%s %s' "$pkg" "$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null)"
}

# --- pools -------------------------------------------------------------------

# pool_store POOL: the store whose sessions POOL sees.
pool_store()
{
	case $1 in
	files | ceiling | files_tessera_loaded) echo php_files ;;
	redis_*) echo phpredis ;;
	memcached_*) echo memcached ;;
	tessera_files*) echo tessera_files ;;
	tessera_redis*) echo tessera_redis ;;
	esac
}

# pool_label POOL: the name the report gives POOL.
pool_label()
{
	case $1 in
	ceiling) echo 'no session (ceiling)' ;;
	files) echo 'PHP files' ;;
	files_tessera_loaded) echo 'PHP files, tessera.so loaded' ;;
	redis_default) echo 'phpredis locked (defaults)' ;;
	redis_tuned) echo 'phpredis locked (tuned)' ;;
	redis_unlocked) echo 'phpredis unlocked' ;;
	memcached_default) echo 'php-memcached locked (defaults)' ;;
	memcached_tuned) echo 'php-memcached locked (tuned)' ;;
	tessera_files) echo 'Tessera files (exclusive)' ;;
	tessera_files_none) echo 'Tessera files (none)' ;;
	tessera_files_full) echo 'Tessera files (exclusive, sync=full)' ;;
	tessera_redis) echo 'Tessera Redis (exclusive)' ;;
	tessera_redis_none) echo 'Tessera Redis (none)' ;;
	esac
}

# pool_ini POOL: the php.ini lines that make POOL what it is (appended to
# conf/php.ini.in). Extensions are loaded in dependency order: Debian's
# redis.so needs igbinary, memcached.so needs igbinary and msgpack.
pool_ini()
{
	local e=$EXT_DIR
	case $1 in
	files)
		printf '%s\n' 'session.save_handler = files' "session.save_path = \"$W/store/php_files\""
		;;
	files_tessera_loaded)
		printf '%s\n' "extension = $BENCH_EXT" 'session.save_handler = files' \
			"session.save_path = \"$W/store/php_files\""
		;;
	redis_*)
		printf '%s\n' "extension = $e/igbinary.so" "extension = $e/redis.so" \
			'session.save_handler = redis' "session.save_path = \"tcp://127.0.0.1:$REDIS_PORT\""
		case $1 in
		redis_default) printf '%s\n' 'redis.session.locking_enabled = 1' ;;
		redis_tuned)
			printf '%s\n' 'redis.session.locking_enabled = 1' 'redis.session.lock_retries = -1' \
				'redis.session.lock_wait_time = 2000'
			;;
		redis_unlocked) printf '%s\n' 'redis.session.locking_enabled = 0' ;;
		esac
		;;
	memcached_*)
		printf '%s\n' "extension = $e/igbinary.so" "extension = $e/msgpack.so" \
			"extension = $e/memcached.so" 'session.save_handler = memcached' \
			"session.save_path = \"127.0.0.1:$MEMCACHED_PORT\"" 'memcached.sess_locking = 1'
		if [[ $1 == memcached_tuned ]]; then
			# Poll every 2 ms (phpredis' tuned interval) for up to 30 s
			# (Tessera's default wait limit) instead of 5 x 150 ms.
			printf '%s\n' 'memcached.sess_lock_wait_min = 2' 'memcached.sess_lock_wait_max = 2' \
				'memcached.sess_lock_retries = 15000'
		fi
		;;
	tessera_*)
		local mode=exclusive path=$W/store/tessera_files
		[[ $1 == *_none ]] && mode=none
		[[ $1 == tessera_redis* ]] && path=redis://127.0.0.1:$REDIS_PORT
		[[ $1 == *_full ]] && path="files://$path?sync=full"
		printf '%s\n' "extension = $BENCH_EXT" 'session.save_handler = tessera' \
			"session.save_path = \"$path\"" "tessera.lock_mode = \"$mode\""
		;;
	esac
}

# render TEMPLATE POOL: fills in a template's @NAME@ placeholders.
render()
{
	sed -e "s|@DIR@|$W|g" -e "s|@POOL@|$2|g" -e "s|@WORKERS@|$BENCH_WORKERS|g" \
		-e "s|@WWW@|$WWW|g" -e "s|@HTTP_PORT@|${PORT[$2]:-}|g" \
		-e "s|@NGINX_WORKERS@|$BENCH_NGINX_WORKERS|g" "$1"
}

# pool_start POOL: writes POOL's php.ini and php-fpm.conf and starts its master.
pool_start()
{
	local pool=$1 line
	render "$BENCH_DIR/conf/php.ini.in" "$pool" >"$W/conf/php-$pool.ini"
	pool_ini "$pool" >>"$W/conf/php-$pool.ini"
	render "$BENCH_DIR/conf/php-fpm.conf.in" "$pool" >"$W/conf/php-fpm-$pool.conf"
	while IFS= read -r line; do
		meta "setting:$pool" "$line"
	done < <(pool_ini "$pool" | sed "s|$W|<tmp>|g")
	# php-fpm's parent returns once the master is ready (daemonize = yes).
	if ! "$BENCH_PHP_FPM" -R -n -c "$W/conf/php-$pool.ini" -y "$W/conf/php-fpm-$pool.conf" \
		>"$W/logs/php-fpm-$pool.out" 2>&1; then
		cat "$W/logs/php-fpm-$pool.out" "$W/logs/php-fpm-$pool.log" 2>/dev/null | tail -n 5 >&2
		die "php-fpm for pool $pool did not start"
	fi
	FPM_PID[$pool]=$(cat "$W/run/php-fpm-$pool.pid")
	PORT[$pool]=$(free_port) || die "no free port for pool $pool"
	POOLS+=("$pool")
}

# nginx_start: one server per started pool.
nginx_start()
{
	local pool servers=$W/conf/nginx-servers.conf i
	: >"$servers"
	for pool in "${POOLS[@]}"; do
		render "$BENCH_DIR/conf/nginx-server.conf.in" "$pool" >>"$servers"
	done
	render "$BENCH_DIR/conf/nginx.conf.in" - | sed -e "/@SERVERS@/{r $servers" -e 'd}' >"$W/conf/nginx.conf"
	nginx -p "$W/nginx" -c "$W/conf/nginx.conf" -e "$W/logs/nginx-error.log" ||
		die "nginx did not start: $(tail -n 3 "$W/logs/nginx-error.log" 2>/dev/null)"
	for ((i = 0; i < 250; i++)); do
		[[ -s $W/run/nginx.pid ]] && break
		sleep 0.02
	done
	NGINX_PID=$(cat "$W/run/nginx.pid")
}

# pool_check POOL: the pool answers with the expected handler and extensions.
pool_check()
{
	local pool=$1 out handler=files
	out=$("${CURL[@]}" --max-time 20 "$(base "$pool")/ping.php" 2>&1)
	case $pool in
	redis_*) handler=redis ;;
	memcached_*) handler=memcached ;;
	tessera_*) handler=tessera ;;
	esac
	if [[ $out != *"handler=$handler"* ]]; then
		die "pool $pool does not answer with handler $handler: $(tr '\n' ' ' <<<"$out")" \
			"$(tail -n 3 "$W/logs/php-errors-$pool.log" 2>/dev/null)"
	fi
	meta "extensions:$pool" "$(sed -n 's/^extensions=//p' <<<"$out")"
}

# --- the stores --------------------------------------------------------------

redis_start()
{
	local i
	REDIS_PORT=$(free_port) || die "no free port for redis-server"
	mkdir -p "$W/redis"
	redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
		--dir "$W/redis" --logfile "$W/logs/redis.log" --daemonize no &
	REDIS_PID=$!
	for ((i = 0; i < 500; i++)); do
		[[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && return 0
		sleep 0.02
	done
	die "redis-server does not answer on port $REDIS_PORT"
}

memcached_start()
{
	local i line mc
	MEMCACHED_PORT=$(free_port) || die "no free port for memcached"
	memcached -u root -l 127.0.0.1 -p "$MEMCACHED_PORT" -U 0 -m 1024 -c 4096 -t 2 \
		>"$W/logs/memcached.log" 2>&1 &
	MEMCACHED_PID=$!
	for ((i = 0; i < 500; i++)); do
		if { exec {mc}<>"/dev/tcp/127.0.0.1/$MEMCACHED_PORT"; } 2>/dev/null; then
			printf 'version\r\n' >&"$mc"
			read -r -t 2 line <&"$mc"
			exec {mc}<&-
			[[ $line == VERSION* ]] && return 0
		fi
		sleep 0.02
	done
	die "memcached does not answer on port $MEMCACHED_PORT"
}

# probe_tessera_redis: does the extension accept a redis:// save_path?
probe_tessera_redis()
{
	local out
	# shellcheck disable=SC2016 # PHP code, not shell
	if out=$("$BENCH_PHP" -n -d "extension=$BENCH_EXT" -d session.save_handler=tessera \
		-d "session.save_path=redis://127.0.0.1:$REDIS_PORT" -d session.use_cookies=0 \
		-d session.cache_limiter= -d display_errors=stderr \
		-r 'if (!session_start()) { exit(1); } $_SESSION["probe"] = 1; exit(session_write_close() ? 0 : 1);' 2>&1); then
		TESSERA_REDIS=1
	else
		TESSERA_REDIS=0
		if [[ $out == *"not available in this build"* ]]; then
			TESSERA_REDIS_WHY='n/a (store not built)'
		else
			TESSERA_REDIS_WHY="n/a (session_start on redis:// failed: $(tr '\n' ' ' <<<"$out" | sed 's/  */ /g' | cut -c1-200))"
		fi
	fi
	meta tessera_redis "$TESSERA_REDIS"
	meta tessera_redis_why "$TESSERA_REDIS_WHY"
}

# create_sessions POOL BYTES COUNT OUT: COUNT new sessions through POOL's
# init.php (4 requests in parallel), their IDs into OUT.
create_sessions()
{
	local pool=$1 bytes=$2 count=$3 out=$4 parts=4 i n pids=() per got
	((count < parts)) && parts=1
	per=$(((count + parts - 1) / parts))
	for ((i = 0; i < parts; i++)); do
		n=$per
		((i == parts - 1)) && n=$((count - per * (parts - 1)))
		"${CURL[@]}" -o "$out.$i" "$(base "$pool")/init.php?n=$n&bytes=$bytes" &
		pids+=($!)
		bg_started $!
	done
	for i in "${pids[@]}"; do
		wait "$i"
	done
	cat "$out".[0-9]* | grep -E '^[A-Za-z0-9,_-]{22,128}$' >"$out"
	got=$(wc -l <"$out")
	if [[ $got != "$count" ]]; then
		die "pool $pool created $got of $count sessions: $(grep -v -E '^[A-Za-z0-9,_-]{22,128}$' "$out".[0-9]* | head -n 3 | tr '\n' ' ')"
	fi
	rm -f "$out".[0-9]*
}

# new_session POOL: creates one session (512 B) through POOL, prints its ID.
new_session()
{
	local f=$W/out/one.$RANDOM
	create_sessions "$1" 512 1 "$f"
	[[ -s $f ]] || die "pool $1 gave no session ID"
	cat "$f"
	rm -f "$f"
}

# ids_file POOL BYTES: the pre-created sessions POOL sees.
ids_file()
{
	printf '%s/ids/%s-%s.txt' "$W" "$(pool_store "$1")" "$2"
}

# --- wrk ---------------------------------------------------------------------

# to_ms VALUE: wrk's "1.23ms" / "456.00us" / "1.20s" in ms.
to_ms()
{
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
		else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
		else printf "%s", v }'
}

# wrk_run POOL PAGE IDS SECONDS OUT: one wrk run; its output into OUT.
wrk_run()
{
	wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$4s" --timeout 10s --latency \
		-s "$BENCH_DIR/wrk/sessions.lua" "$(base "$1")/$2" -- "$3" "$BENCH_UA" >"$5" 2>&1
}

# wrk_record SCENARIO POOL VARIANT REP OUT: the figures of one wrk output.
wrk_record()
{
	local out=$5 rps p50 p99 reqs non2xx sockerr
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	reqs=$(awk '/requests in/ { print $1 }' "$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
	sockerr=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out")
	if [[ -z $rps ]]; then
		say "wrk failed on $2 $3: $(tr '\n' ' ' <"$out" | cut -c1-300)"
		raw "$1" "$2" "$3" "$4" failed 1
		return
	fi
	raw "$1" "$2" "$3" "$4" rps "$rps"
	raw "$1" "$2" "$3" "$4" p50_ms "$p50"
	raw "$1" "$2" "$3" "$4" p99_ms "$p99"
	raw "$1" "$2" "$3" "$4" requests "${reqs:-0}"
	raw "$1" "$2" "$3" "$4" errors "$((${non2xx:-0} + ${sockerr:-0}))"
}

# --- scenarios ---------------------------------------------------------------

# footprint: the same short load on every pool, then per-request heap
# (20 visits of mem.php) and the RSS/PSS of each worker.
scenario_footprint()
{
	local pool ids sid out pid rss pss
	say "footprint"
	for pool in files files_tessera_loaded redis_default memcached_default tessera_files tessera_redis; do
		have "$pool" || continue
		ids=$(ids_file "$pool" 512)
		wrk_run "$pool" tp.php "$ids" "$BENCH_WARMUP" "$W/out/fp-warm-$pool.txt"
		sid=$(head -n 1 "$ids")
		"${CURL[@]}" -b "PHPSESSID=$sid" "$(base "$pool")/mem.php?i=[1-20]" >"$W/out/fp-mem-$pool.txt"
		while IFS= read -r out; do
			raw footprint "$pool" 512 1 mem_bytes "$out"
		done < <(sed -n 's/^mem=//p' "$W/out/fp-mem-$pool.txt")
		for pid in $(ps -o pid= --ppid "${FPM_PID[$pool]}"); do
			rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
			pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null)
			[[ -n $rss ]] && raw footprint "$pool" - 1 rss_kb "$rss"
			[[ -n $pss ]] && raw footprint "$pool" - 1 pss_kb "$pss"
		done
	done
}

scenario_throughput()
{
	local rep bytes pool pools ids out
	say "throughput: ${BENCH_DURATION}s x $BENCH_REPEATS per row, $BENCH_CONNECTIONS connections"
	mapfile -t pools < <(rows_started)
	for ((rep = 1; rep <= BENCH_REPEATS; rep++)); do
		# The ceiling: no session, same stack, same cookies.
		ids=$(ids_file files 512)
		out=$W/out/tp-ceiling-$rep.txt
		((rep == 1)) && wrk_run files nosession.php "$ids" "$BENCH_WARMUP" "$out"
		wrk_run files nosession.php "$ids" "$BENCH_DURATION" "$out"
		wrk_record throughput ceiling - "$rep" "$out"
		for bytes in $BENCH_PAYLOADS; do
			for pool in $(in_rep_order "$rep" "${pools[@]}"); do
				ids=$(ids_file "$pool" "$bytes")
				out=$W/out/tp-$pool-$bytes-$rep.txt
				((rep == 1)) && wrk_run "$pool" tp.php "$ids" "$BENCH_WARMUP" "$out"
				wrk_run "$pool" tp.php "$ids" "$BENCH_DURATION" "$out"
				wrk_record throughput "$pool" "$bytes" "$rep" "$out"
			done
		done
		load_mark "throughput repetition $rep"
		say "throughput: repetition $rep done ($((SECONDS - T_START)) s)"
	done
}

# parallel_requests N MAX SID OUT URL: N requests of URL (with "&i=<n>"
# added) with the cookie of session SID, from one curl that keeps MAX of
# them in flight on MAX kept-alive connections (--parallel), so that all
# MAX start together rather than one curl process startup (several ms)
# apart; leaves their outputs, concatenated, in OUT.all.
parallel_requests()
{
	local n=$1 max=$2 sid=$3 out=$4 url=$5
	mkdir -p "$out.d"
	"${CURL[@]}" -Z --parallel-immediate --parallel-max "$max" -b "PHPSESSID=$sid" \
		-o "$out.d/#1" "$url&i=[1-$n]" >"$out.curl" 2>&1 &
	bg_started $!
	wait $!
	awk 1 "$out.d"/* "$out.curl" >"$out.all" 2>/dev/null
	rm -rf "$out.d" "$out.curl"
}

# span_s FILE: seconds from the earliest t_start= to the latest t_end= in
# FILE (the requests' own clocks, one machine), empty if none.
span_s()
{
	awk -F= '$1 == "t_start" && (a == "" || $2 < a) { a = $2 }
		$1 == "t_end" && (b == "" || $2 > b) { b = $2 }
		END { if (a != "" && b != "") printf "%.4f", b - a }' "$1"
}

# overhead_ms WALL N HOLD: (WALL s - N x HOLD ms) / N, in ms.
overhead_ms()
{
	awk -v w="$1" -v n="$2" -v h="$3" 'BEGIN { printf "%.3f", (w * 1000 - n * h) / n }'
}

# contention_run POOL HOLD REP: C clients x R requests on one new session,
# C in flight at once (HOLD0_FACTOR x R per client at hold 0, where R take
# milliseconds); then, on another new session, one client alone making as
# many requests as each of the C did, one after another: what a whole
# request costs when nothing overlaps and nobody waits (alone_ms). The wall
# time is the span of the requests' own clocks, from the first one's start
# to the last one's end: it leaves out the client's startup and the
# connections' setup, which no handler causes.
contention_run()
{
	local pool=$1 hold=$2 rep=$3 sid wall ok total final out=$W/out/ct-$1-$2-$3
	local C=$BENCH_CLIENTS R=$BENCH_REQUESTS
	((hold > 0)) || R=$((HOLD0_FACTOR * R))
	sid=$(new_session "$pool")
	total=$((C * R))
	parallel_requests "$total" "$C" "$sid" "$out" "$(base "$pool")/counter.php?hold_ms=$hold"
	wall=$(span_s "$out.all")
	ok=$(grep -c '^ok n=' "$out.all")
	"${CURL[@]}" -b "PHPSESSID=$sid" "$(base "$pool")/read.php?mode=exclusive" >"$out.final" 2>&1
	final=$(kv "$out.final" n)
	if [[ -n $wall ]]; then
		raw contention "$pool" "h$hold" "$rep" wall_s "$wall"
		raw contention "$pool" "h$hold" "$rep" overhead_ms "$(overhead_ms "$wall" "$total" "$hold")"
	fi
	parallel_requests "$R" 1 "$(new_session "$pool")" "$out.alone" \
		"$(base "$pool")/counter.php?hold_ms=$hold"
	wall=$(span_s "$out.alone.all")
	if [[ -n $wall ]] && (($(grep -c '^ok n=' "$out.alone.all") == R)); then
		raw contention "$pool" "h$hold" "$rep" alone_ms "$(overhead_ms "$wall" "$R" "$hold")"
	fi
	raw contention "$pool" "h$hold" "$rep" requests "$total"
	raw contention "$pool" "h$hold" "$rep" acknowledged "$ok"
	raw contention "$pool" "h$hold" "$rep" errors "$((total - ok))"
	raw contention "$pool" "h$hold" "$rep" final "${final:-0}"
	raw contention "$pool" "h$hold" "$rep" lost "$((ok - ${final:-0}))"
	raw contention "$pool" "h$hold" "$rep" notices "$(grep -c '^notices=[1-9]' "$out.all")"
	if ((ok < total)); then
		raw contention "$pool" "h$hold" "$rep" error_sample \
			"$(grep -m 1 '^error=' "$out.all" | cut -c1-200)"
	fi
	if grep -q '^notices=[1-9]' "$out.all"; then
		raw contention "$pool" "h$hold" "$rep" notice_sample \
			"$(grep -m 1 '^notices=[1-9]' "$out.all" | sed 's/^notices=[0-9]*: //' | cut -c1-200)"
	fi
}

scenario_contention()
{
	local rep hold pool pools
	say "contention: $BENCH_CLIENTS clients x $BENCH_REQUESTS requests, holds: $BENCH_HOLDS ms"
	mapfile -t pools < <(rows_started)
	for ((rep = 1; rep <= BENCH_REPEATS; rep++)); do
		for hold in $BENCH_HOLDS; do
			for pool in $(in_rep_order "$rep" "${pools[@]}"); do
				contention_run "$pool" "$hold" "$rep"
			done
		done
		load_mark "contention repetition $rep"
		say "contention: repetition $rep done ($((SECONDS - T_START)) s)"
	done
}

# writer_hold POOL SID EV HOLD_MS OUT: starts a writer (hold.php) on session
# SID of POOL in the background, which takes the session and holds it
# HOLD_MS, and waits (20 s at most) until it says, through event EV, that it
# holds it. Sets WRITER_PID to the writer (the caller waits for it); its
# answer goes to OUT. Returns 1, with the writer already waited for, when it
# did not take the session.
writer_hold()
{
	local pool=$1 sid=$2 ev=$3 hold=$4 out=$5 fd line
	mkfifo "$W/events/$ev" || die "mkfifo $W/events/$ev"
	exec {fd}<>"$W/events/$ev"
	"${CURL[@]}" -b "PHPSESSID=$sid" -o "$out" \
		"$(base "$pool")/hold.php?ev=$ev&hold_ms=$hold" 2>&1 &
	WRITER_PID=$!
	bg_started "$WRITER_PID"
	if ! read -r -t 20 line <&"$fd" || [[ $line != locked* ]]; then
		exec {fd}<&-
		wait "$WRITER_PID"
		return 1
	fi
	exec {fd}<&-
}

# readers_run POOL WAY REP: a writer holds a new session; N readers at once.
readers_run()
{
	local pool=$1 way=$2 rep=$3 sid ev t_release f code t open t_end notices
	local out=$W/out/rd-$1-$2-$3
	sid=$(new_session "$pool")
	ev=r_${pool}_${way}_$rep
	if ! writer_hold "$pool" "$sid" "$ev" "$BENCH_READER_HOLD_MS" "$out.writer"; then
		say "readers: the writer on $pool did not take the session: $(cat "$out.writer" 2>/dev/null)"
		raw readers "$pool" "$way" "$rep" failed 1
		return
	fi
	mkdir -p "$out.d"
	"${CURL[@]}" -Z --parallel-immediate --parallel-max "$BENCH_READERS" -b "PHPSESSID=$sid" \
		-w '%{http_code} %{time_total} %{filename_effective}\n' -o "$out.d/r#1" \
		"$(base "$pool")/read.php?mode=$way&r=[1-$BENCH_READERS]" >"$out.readers" 2>&1
	wait "$WRITER_PID"
	t_release=$(kv "$out.writer" t_release)
	while read -r code t f; do
		[[ $code =~ ^[0-9]+$ ]] || continue
		if [[ $code != 200 ]]; then
			raw readers "$pool" "$way" "$rep" errors 1
			raw readers "$pool" "$way" "$rep" error_sample "$(head -c 200 "$f" | tr '\n' ' ')"
			continue
		fi
		raw readers "$pool" "$way" "$rep" latency_ms "$(awk -v t="$t" 'BEGIN { printf "%.3f", t * 1000 }')"
		open=$(kv "$f" open_ms)
		t_end=$(kv "$f" t_end)
		raw readers "$pool" "$way" "$rep" open_ms "$open"
		notices=$(kv "$f" notices)
		if [[ -n $notices && $notices != 0 ]]; then
			raw readers "$pool" "$way" "$rep" notices 1
			notices=${notices#*: }
			raw readers "$pool" "$way" "$rep" notice_sample "${notices:0:200}"
		fi
		if [[ -n $t_release && -n $t_end ]] && awk -v a="$t_end" -v b="$t_release" 'BEGIN { exit !(a > b) }'; then
			raw readers "$pool" "$way" "$rep" waited 1
		else
			raw readers "$pool" "$way" "$rep" waited 0
		fi
	done <"$out.readers"
	raw readers "$pool" "$way" "$rep" errors 0
	raw readers "$pool" "$way" "$rep" notices 0
}

scenario_readers()
{
	local rep row pool way
	say "readers: $BENCH_READERS read-only opens while a writer holds the session ${BENCH_READER_HOLD_MS} ms"
	for ((rep = 1; rep <= BENCH_REPEATS; rep++)); do
		for row in files:read_and_close redis_default:read_and_close redis_tuned:read_and_close \
			redis_unlocked:read_and_close memcached_default:read_and_close \
			memcached_tuned:read_and_close tessera_files:read_and_close tessera_files:read_only \
			tessera_redis:read_and_close tessera_redis:read_only; do
			pool=${row%%:*}
			way=${row#*:}
			have "$pool" || continue
			readers_run "$pool" "$way" "$rep"
		done
		load_mark "readers repetition $rep"
		say "readers: repetition $rep done ($((SECONDS - T_START)) s)"
	done
}

# wakeup_run POOL REP: BENCH_WAKE_TRIALS times, on a new session: a writer
# (hold.php) takes it and holds it BENCH_WAKE_HOLD_MS; once it does, one
# waiter (read.php, a plain session_start()) asks for it and blocks. The
# figure is the time from the writer's session_write_close() call
# (t_release) to the waiter's session_start() returning (t_opened), both
# read from the wall clock of this one machine. A waiter that was not
# held back at all (t_opened before t_release) is counted, not measured.
wakeup_run()
{
	local pool=$1 rep=$2 trial sid ev t_release t_opened code ms
	local out
	for ((trial = 1; trial <= BENCH_WAKE_TRIALS; trial++)); do
		out=$W/out/wk-$pool-$rep-$trial
		sid=$(new_session "$pool")
		ev=w_${pool}_${rep}_$trial
		if ! writer_hold "$pool" "$sid" "$ev" "$BENCH_WAKE_HOLD_MS" "$out.writer"; then
			say "wakeup: the writer on $pool did not take the session: $(cat "$out.writer" 2>/dev/null)"
			raw wakeup "$pool" w "$rep" errors 1
			continue
		fi
		code=$("${CURL[@]}" -b "PHPSESSID=$sid" -o "$out.waiter" -w '%{http_code}' \
			"$(base "$pool")/read.php?mode=exclusive" 2>&1)
		wait "$WRITER_PID"
		t_release=$(kv "$out.writer" t_release)
		t_opened=$(kv "$out.waiter" t_opened)
		if [[ $code != 200 || -z $t_release || -z $t_opened ]]; then
			raw wakeup "$pool" w "$rep" errors 1
			raw wakeup "$pool" w "$rep" error_sample "$code $(head -c 200 "$out.waiter" | tr '\n' ' ')"
			continue
		fi
		ms=$(awk -v a="$t_opened" -v b="$t_release" 'BEGIN { printf "%.3f", (a - b) * 1000 }')
		if [[ $ms != -* && $ms != 0.000 ]]; then
			raw wakeup "$pool" w "$rep" wake_ms "$ms"
		else
			raw wakeup "$pool" w "$rep" not_held 1
		fi
	done
	raw wakeup "$pool" w "$rep" errors 0
	raw wakeup "$pool" w "$rep" not_held 0
}

# wakeup: every handler that locks, in its default (exclusive) way.
scenario_wakeup()
{
	local rep pool
	say "wakeup: $BENCH_WAKE_TRIALS waiters per handler behind a writer holding the session ${BENCH_WAKE_HOLD_MS} ms"
	for ((rep = 1; rep <= BENCH_REPEATS; rep++)); do
		for pool in files redis_default redis_tuned memcached_default memcached_tuned \
			tessera_files tessera_files_full tessera_redis; do
			have "$pool" || continue
			wakeup_run "$pool" "$rep"
		done
		load_mark "wakeup repetition $rep"
		say "wakeup: repetition $rep done ($((SECONDS - T_START)) s)"
	done
}

# merge_run POOL WAY REP: BENCH_MERGE_CLIENTS requests at once on one new
# session, each incrementing a counter while holding the session
# BENCH_MERGE_HOLD_MS: WAY "dropin" is counter.php ($_SESSION, the pool's
# handler and its locking), "on_write" and "exclusive" are merge.php
# (Tessera's object API in that lock mode). Wall time (the span of the
# requests' own clocks, as for contention), lost increments.
merge_run()
{
	local pool=$1 way=$2 rep=$3 sid wall ok final page query
	local N=$BENCH_MERGE_CLIENTS out=$W/out/mg-$1-$2-$3
	if [[ $way == dropin ]]; then
		sid=$(new_session "$pool")
		page=counter.php query="hold_ms=$BENCH_MERGE_HOLD_MS"
	else
		sid=$("${CURL[@]}" "$(base "$pool")/merge.php?init=1" 2>&1)
		if ! [[ $sid =~ ^[A-Za-z0-9_-]{22,128}$ ]]; then
			say "merge: $pool cannot create an object-API session: $(head -c 200 <<<"$sid")"
			raw merge "$pool" "$way" "$rep" failed 1
			return
		fi
		page=merge.php query="mode=$way&hold_ms=$BENCH_MERGE_HOLD_MS"
	fi
	parallel_requests "$N" "$N" "$sid" "$out" "$(base "$pool")/$page?$query"
	wall=$(span_s "$out.all")
	ok=$(grep -c '^ok n=' "$out.all")
	if [[ $way == dropin ]]; then
		"${CURL[@]}" -b "PHPSESSID=$sid" "$(base "$pool")/read.php?mode=exclusive" >"$out.final" 2>&1
	else
		"${CURL[@]}" -b "PHPSESSID=$sid" "$(base "$pool")/merge.php?read=1" >"$out.final" 2>&1
	fi
	final=$(kv "$out.final" n)
	[[ -z $wall ]] || raw merge "$pool" "$way" "$rep" wall_s "$wall"
	raw merge "$pool" "$way" "$rep" requests "$N"
	raw merge "$pool" "$way" "$rep" acknowledged "$ok"
	raw merge "$pool" "$way" "$rep" errors "$((N - ok))"
	raw merge "$pool" "$way" "$rep" final "${final:-0}"
	raw merge "$pool" "$way" "$rep" lost "$((ok - ${final:-0}))"
	if ((ok < N)); then
		raw merge "$pool" "$way" "$rep" error_sample "$(grep -m 1 '^error=' "$out.all" | cut -c1-200)"
	fi
}

# merge: the issue's OnWrite scenario, next to the same work done under each
# peer's lock ($_SESSION code cannot merge, so it runs one request at a time
# or, unlocked, loses increments).
scenario_merge()
{
	local rep row pool way
	say "merge: $BENCH_MERGE_CLIENTS concurrent requests each holding the session ${BENCH_MERGE_HOLD_MS} ms"
	meta merge_clients "$BENCH_MERGE_CLIENTS"
	meta merge_hold_ms "$BENCH_MERGE_HOLD_MS"
	meta merge_serial_s "$(awk -v n="$BENCH_MERGE_CLIENTS" -v h="$BENCH_MERGE_HOLD_MS" 'BEGIN { printf "%.3f", n * h / 1000 }')"
	for ((rep = 1; rep <= BENCH_REPEATS; rep++)); do
		for row in files:dropin redis_default:dropin redis_tuned:dropin redis_unlocked:dropin \
			memcached_default:dropin memcached_tuned:dropin tessera_files:dropin \
			tessera_files:exclusive tessera_files:on_write tessera_redis:dropin \
			tessera_redis:exclusive tessera_redis:on_write; do
			pool=${row%%:*}
			way=${row#*:}
			have "$pool" || continue
			merge_run "$pool" "$way" "$rep"
		done
		load_mark "merge repetition $rep"
		say "merge: repetition $rep done ($((SECONDS - T_START)) s)"
	done
}

# time_v FILE KEY: a figure from /usr/bin/time -v output.
time_v()
{
	case $2 in
	wall)
		awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
			for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.3f", s }' "$1"
		;;
	maxrss) awk -F': ' '/Maximum resident set size/ { print $2 }' "$1" ;;
	esac
}

# scale_fill POOL DSN JOBS: fills POOL's store (DSN) with BENCH_SCALE_N
# sessions, 1% expired, from JOBS generator processes. The generator is not
# what is measured: JOBS is what fills each store fastest here. Files: 2,
# one per CPU (more processes creating the empty store's shard directories
# at once queue on the directory locks and fill it several times slower).
# Redis: 8, since each process mostly waits for its round trips.
scale_fill()
{
	local pool=$1 dsn=$2 jobs=$3 gen
	say "scale: $BENCH_SCALE_N sessions in $(pool_label "$pool" | sed 's/ (exclusive)//') (1% expired)"
	gen=$("$BENCH_GEN" "$dsn" "$BENCH_SCALE_N" --expired 1 --jobs "$jobs") || die "gen_sessions failed on $pool"
	say "scale: $gen"
	raw scale "$pool" generate 1 seconds "$(awk '{ print $8 }' <<<"$gen")"
	raw scale "$pool" generate 1 rate "$(awk '{ sub("/s", "", $10); print $10 }' <<<"$gen")"
}

# scale_time POOL DSN JOBS: times `tessera gc` and `tessera ls --user` on
# POOL's store (DSN) filled by scale_fill, BENCH_REPEATS times; before each
# later run, JOBS generator processes add back as many expired sessions as
# the last gc deleted.
scale_time()
{
	local pool=$1 dsn=$2 jobs=$3 rep n=$BENCH_SCALE_N top out
	top=$(((n + 50) / 100))
	for ((rep = 1; rep <= BENCH_REPEATS; rep++)); do
		if ((rep > 1)); then
			"$BENCH_GEN" "$dsn" "$top" --expired 100 --jobs "$jobs" >/dev/null || die "gen_sessions failed"
		fi
		out=$W/out/scale-$pool-gc-$rep
		/usr/bin/time -v "$BENCH_CLI" gc "$dsn" >"$out.out" 2>"$out.time" ||
			die "tessera gc failed on $pool: $(tail -n 3 "$out.time")"
		raw scale "$pool" gc "$rep" wall_s "$(time_v "$out.time" wall)"
		raw scale "$pool" gc "$rep" maxrss_kb "$(time_v "$out.time" maxrss)"
		raw scale "$pool" gc "$rep" deleted "$(awk '/^deleted/ { print $2 }' "$out.out")"
		out=$W/out/scale-$pool-ls-$rep
		/usr/bin/time -v "$BENCH_CLI" ls "$dsn" --user bench-user-42 >"$out.out" 2>"$out.time" ||
			die "tessera ls failed on $pool: $(tail -n 3 "$out.time")"
		raw scale "$pool" ls_user "$rep" wall_s "$(time_v "$out.time" wall)"
		raw scale "$pool" ls_user "$rep" maxrss_kb "$(time_v "$out.time" maxrss)"
		raw scale "$pool" ls_user "$rep" listed "$(wc -l <"$out.out")"
		load_mark "scale $pool repetition $rep"
		say "scale: $pool repetition $rep done ($((SECONDS - T_START)) s)"
	done
	raw scale "$pool" store 1 sessions "$n"
}

# remove_tree DIR: deletes DIR, a files store, from 8 processes at once,
# one shard directory each at a time: rm -rf alone spends minutes on the
# 3x10^6 entries of a scale store (its unlinks mostly wait on the file
# system's journal, which several processes share).
remove_tree()
{
	find "$1" -mindepth 2 -maxdepth 2 -print0 | xargs -0 -r -P 8 -n 64 rm -rf && rm -rf "$1"
}

# scale: every Tessera store, one at a time, after the web stack is stopped
# (the Redis store on a fresh redis-server of its own, stopped afterwards).
# The files store is deleted while the Redis store is filled (not a
# measured figure) and before anything on Redis is timed.
scenario_scale()
{
	local dir=$W/scale redis
	mkdir -m 0700 "$dir"
	scale_fill tessera_files "$dir" 2
	scale_time tessera_files "$dir" 2
	remove_tree "$dir" &
	REMOVER_PID=$!
	if ((TESSERA_REDIS)); then
		redis_start
		redis="redis://127.0.0.1:$REDIS_PORT?prefix=scale:"
		scale_fill tessera_redis "$redis" 8
	fi
	wait "$REMOVER_PID" || die "removing the files scale store failed"
	REMOVER_PID=
	say "scale: the files store is deleted ($((SECONDS - T_START)) s)"
	if ((TESSERA_REDIS)); then
		scale_time tessera_redis "$redis" 8
		stop_all
	fi
}

# --- facts for the report ----------------------------------------------------

# store_fs: the file system the files stores live on ($W): type, device,
# mount options and, for ext4, whether it has a journal. It decides what a
# disk flush costs, so what the files store's sync=full costs.
store_fs()
{
	local type dev opts journal=''
	read -r type dev opts < <(findmnt -n -r -o FSTYPE,SOURCE,OPTIONS --target "$W" 2>/dev/null)
	if [[ -z $type ]]; then
		echo unknown
		return
	fi
	if [[ $type == ext4 ]]; then
		if compgen -G "/proc/fs/jbd2/$(basename "$dev")-*" >/dev/null; then
			journal=', with a journal'
		else
			journal=', no journal'
		fi
	fi
	echo "$type on $dev ($opts)$journal"
}

machine_meta()
{
	local v
	meta date "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	meta host "$(hostname)"
	meta nproc "$(nproc)"
	meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	meta memory "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	meta kernel "$(uname -sr)"
	meta os "$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)"
	meta store_fs "$(store_fs)"
	meta php "$("$BENCH_PHP" -n -v | head -n 1)"
	meta php_fpm "$("$BENCH_PHP_FPM" -n -v | head -n 1)"
	meta nginx "$(nginx -v 2>&1)"
	meta redis "$(redis-server --version)"
	meta memcached "$(memcached -V)"
	v=$("$BENCH_PHP" -n -d "extension=$EXT_DIR/igbinary.so" -d "extension=$EXT_DIR/redis.so" -r 'echo phpversion("redis");' 2>/dev/null)
	meta phpredis "phpredis $v ($(dpkg-query -W -f='${Package} ${Version}' php8.2-redis 2>/dev/null))"
	v=$("$BENCH_PHP" -n -d "extension=$EXT_DIR/igbinary.so" -d "extension=$EXT_DIR/msgpack.so" -d "extension=$EXT_DIR/memcached.so" -r 'echo phpversion("memcached");' 2>/dev/null)
	meta php_memcached "php-memcached $v ($(dpkg-query -W -f='${Package} ${Version}' php8.2-memcached 2>/dev/null), libmemcached $(dpkg-query -W -f='${Version}' libmemcached11 2>/dev/null))"
	v=$("$BENCH_PHP" -n -d "extension=$EXT_DIR/igbinary.so" -r 'echo phpversion("igbinary");' 2>/dev/null)
	meta igbinary "igbinary $v ($(dpkg-query -W -f='${Package} ${Version}' php8.2-igbinary 2>/dev/null))"
	v=$("$BENCH_PHP" -n -d "extension=$EXT_DIR/msgpack.so" -r 'echo phpversion("msgpack");' 2>/dev/null)
	meta msgpack "msgpack $v ($(dpkg-query -W -f='${Package} ${Version}' php8.2-msgpack 2>/dev/null))"
	meta hiredis "hiredis, as tessera.so loads it: $(linked_package libhiredis.so)"
	meta openssl "OpenSSL libcrypto, as tessera.so loads it: $(linked_package libcrypto.so)$(command -v openssl >/dev/null && printf '; %s' "$(openssl version)")"
	meta wrk "$(wrk --version 2>&1 | head -n 1 | sed 's/ Copyright.*//')"
	meta curl "$(curl --version | head -n 1 | cut -d' ' -f1-2)"
	meta gnuplot "$(gnuplot --version)"
	v=$("$BENCH_PHP" -n -d "extension=$BENCH_EXT" -r 'echo function_exists("Tessera\\version") ? Tessera\version() : "?";' 2>/dev/null)
	meta tessera "Tessera $v ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no git')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ', uncommitted changes'))"
	meta tessera_so "tessera.so measured: sha256 $(sha256sum "$BENCH_EXT" | cut -d' ' -f1) ($(stat -c %s "$BENCH_EXT") bytes)"
	meta quick "$BENCH_QUICK"
	meta repeats "$BENCH_REPEATS"
	meta duration "$BENCH_DURATION"
	meta warmup "$BENCH_WARMUP"
	meta sessions "$BENCH_SESSIONS"
	meta connections "$BENCH_CONNECTIONS"
	meta threads "$BENCH_THREADS"
	meta workers "$BENCH_WORKERS"
	meta nginx_workers "$BENCH_NGINX_WORKERS"
	meta payloads "$BENCH_PAYLOADS"
	meta clients "$BENCH_CLIENTS"
	meta requests "$BENCH_REQUESTS"
	meta holds "$BENCH_HOLDS"
	meta hold0_factor "$HOLD0_FACTOR"
	meta readers "$BENCH_READERS"
	meta reader_hold_ms "$BENCH_READER_HOLD_MS"
	meta wake_trials "$BENCH_WAKE_TRIALS"
	meta wake_hold_ms "$BENCH_WAKE_HOLD_MS"
	meta scale_n "$BENCH_SCALE_N"
	meta only "$BENCH_ONLY"
	meta rows "$BENCH_ROWS"
	while IFS= read -r v; do
		[[ $v == \;* || -z $v ]] && continue
		v=${v//@DIR@/<tmp>}
		meta "setting:common" "${v//@POOL@/<pool>}"
	done <"$BENCH_DIR/conf/php.ini.in"
}

# --- main --------------------------------------------------------------------

main()
{
	local tool pool bytes stem host rc
	for tool in wrk gnuplot nginx "$BENCH_PHP_FPM" "$BENCH_PHP" redis-server redis-cli memcached curl /usr/bin/time; do
		command -v "$tool" >/dev/null || die "$tool is missing: run bench/install-deps.sh"
	done
	[[ -f $BENCH_EXT ]] || die "$BENCH_EXT does not exist (make ext)"
	[[ -x $BENCH_CLI ]] || die "$BENCH_CLI does not exist (make cli)"
	[[ -x $BENCH_GEN ]] || die "$BENCH_GEN does not exist (make bench builds it)"
	for tool in igbinary msgpack redis memcached; do
		[[ -f $EXT_DIR/$tool.so ]] || die "$EXT_DIR/$tool.so is missing: run bench/install-deps.sh"
	done

	W=$(mktemp -d "${TMPDIR:-/tmp}/tessera-bench.XXXXXX") || die "mktemp failed"
	chmod 0755 "$W"
	mkdir -p "$W"/{conf,logs,run,nginx,events,ids,out,store}
	install -d -m 0700 "$W/store/php_files" "$W/store/tessera_files"
	RAW=$W/raw.tsv
	META=$W/meta.tsv
	: >"$RAW"
	: >"$META"
	say "mode: $([[ $BENCH_QUICK == 1 ]] && echo QUICK || echo full), $BENCH_REPEATS repetition(s), temporary directory $W"
	machine_meta
	load_settle

	redis_start
	memcached_start
	probe_tessera_redis
	((TESSERA_REDIS)) || say "Tessera Redis: $TESSERA_REDIS_WHY"

	for pool in files files_tessera_loaded redis_default redis_tuned redis_unlocked \
		memcached_default memcached_tuned tessera_files tessera_files_none tessera_files_full; do
		pool_start "$pool"
	done
	if ((TESSERA_REDIS)); then
		pool_start tessera_redis
		pool_start tessera_redis_none
	fi
	nginx_start
	for pool in "${POOLS[@]}"; do
		pool_check "$pool"
		meta "label:$pool" "$(pool_label "$pool")"
	done
	say "stack up: ${#POOLS[@]} php-fpm pools x $BENCH_WORKERS workers, nginx, redis-server :$REDIS_PORT, memcached :$MEMCACHED_PORT ($((SECONDS - T_START)) s)"

	# Sessions for the throughput and footprint scenarios, once per store.
	for bytes in $BENCH_PAYLOADS; do
		for pool in files redis_unlocked memcached_default tessera_files tessera_redis; do
			have "$pool" || continue
			create_sessions "$pool" "$bytes" "$BENCH_SESSIONS" "$(ids_file "$pool" "$bytes")"
		done
	done
	say "sessions created: $BENCH_SESSIONS per store and payload ($((SECONDS - T_START)) s)"

	wanted footprint && scenario_footprint
	wanted throughput && scenario_throughput
	wanted contention && scenario_contention
	wanted readers && scenario_readers
	wanted wakeup && scenario_wakeup
	wanted merge && scenario_merge
	for pool in "${POOLS[@]}"; do
		if [[ -s $W/logs/php-errors-$pool.log ]]; then
			meta "php_log:$pool" "$(wc -l <"$W/logs/php-errors-$pool.log") lines, first: $(head -n 1 "$W/logs/php-errors-$pool.log" | cut -c1-200)"
		fi
	done
	stop_all
	wanted scale && scenario_scale
	load_mark end
	# The report checks this against the mode's limit: everything up to the
	# report (and the build, when `make bench` set BENCH_T0), gnuplot aside.
	meta elapsed_s "$(($(date +%s) - BENCH_T0))"
	meta elapsed_limit_s "$( ((BENCH_QUICK)) && echo 180 || echo 1200)"

	mkdir -p "$BENCH_OUT"
	host=$(hostname -s 2>/dev/null || hostname)
	stem=$BENCH_OUT/$(date '+%Y-%m-%d-%H%M')-$host
	cp "$RAW" "$stem.raw.tsv"
	cp "$META" "$stem.meta.tsv"
	"$BENCH_PHP" -n "$BENCH_DIR/report.php" "$RAW" "$META" "$stem" "$W/plot" >"$W/targets.txt"
	rc=$?
	if ((rc != 0)); then
		die "report.php failed"
	fi
	for tool in throughput contention readers; do
		if [[ -s $W/plot/$tool.dat ]]; then
			gnuplot -e "datafile='$W/plot/$tool.dat'; outfile='$stem-$tool.png'" \
				"$BENCH_DIR/gnuplot/$tool.gp" 2>"$W/logs/gnuplot-$tool.log" ||
				say "gnuplot $tool failed: $(head -n 3 "$W/logs/gnuplot-$tool.log")"
		fi
	done
	say "report: $stem.md ($((SECONDS - T_START)) s in all)"
	echo
	cat "$W/targets.txt"
}

main "$@"
