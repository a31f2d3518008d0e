#!/usr/bin/env bash
# Tessera end-to-end scenarios for the redis store: nginx -> php-fpm 8.2 ->
# ext/modules/tessera.so -> Redis, all on 127.0.0.1.
#
# Uses the Redis servers of scripts/redis-test-servers.sh (started here if
# they are not running): the single server 127.0.0.1:6390 and the 3-master
# cluster 7101-7103. Each scenario gets its own php-fpm + nginx (see
# tests/e2e/lib.sh, shared with tests/e2e/run.sh) and its own key prefix
# "e2e<run id><scenario>:", so runs never see each other's sessions; the
# keys are deleted at the end. Scenario e starts a Redis server of its own
# on a free port, with an append-only file, and crashes it on purpose.
#
# Requests are ordered by events, never by sleeping: pages report "locked"
# through FIFOs; where the harness waits for a state (a client blocked in
# BLPOP, a number of answers) it polls that state with a deadline.
#
# Scenarios (each check prints "ok" or "FAIL" with what it saw):
#   a  20 concurrent clients x 10 requests increment one session: exactly
#      200, on redis:// and again on redis+cluster://
#   b  readers (read_only, read_and_close) return while a writer holds the
#      session for 500 ms; an exclusive reader (the control) waits for it
#   c  a lock holder is stopped (SIGSTOP) past its lock TTL (tessera.lock_ttl
#      = 1); another request takes the lock and writes; after SIGCONT the
#      stale holder's write is refused with one warning, the newer data stays
#   d  kill -9 of a lock holder (tessera.lock_ttl = 3): the queued request
#      waits in BLPOP, and proceeds once the lock's TTL is over, not before
#   e  the Redis server is killed (kill -9) under load from 6 clients and
#      started again: requests meanwhile fail cleanly (HTTP 503 from the page,
#      one warning each), no session is lost or corrupted, and the same
#      php-fpm workers serve again with no manual step, over reconnected
#      persistent connections
#
# Ends with one line "e2e-redis: N passed, N failed"; exits 1 if any check
# failed.
#
# Environment: as tests/e2e/run.sh (E2E_EXT, E2E_PHP_FPM, E2E_NGINX,
# E2E_WORKERS, E2E_ONLY, E2E_KEEP), plus the variables of
# scripts/redis-test-servers.sh (TSR_REDIS_DIR, TSR_REDIS_PORT,
# TSR_REDIS_CLUSTER_BASE). While it runs it holds the servers' tests.lock,
# as the redis unit tests do, since some of those restart the servers.
set -uo pipefail

E2E_NAME=e2e-redis
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REDIS_SERVERS=$ROOT/scripts/redis-test-servers.sh
CLUSTER_BASE=${TSR_REDIS_CLUSTER_BASE:-7101}
CLUSTER_PORTS=("$CLUSTER_BASE" "$((CLUSTER_BASE + 1))" "$((CLUSTER_BASE + 2))")
PREFIX_BASE=    # "e2e<run id>", set once the run directory exists
E_REDIS_PORT=   # scenario e's own server
E_REDIS_DIR=
E_REDIS_PID=

# --- redis helpers (rcli, storage_key, delete_prefix: tests/e2e/lib.sh) ------

# blpop_waiter PORT: succeeds once a client of the server on PORT is blocked
# in BLPOP (CLIENT LIST: flag b, cmd=blpop); gives up after 10 s.
blpop_waiter()
{
	local deadline=$((SECONDS + 10))
	while ((SECONDS < deadline)); do
		rcli "$1" client list | grep -q -E ' flags=[A-Za-z]*b[A-Za-z]* .*cmd=blpop' && return 0
		sleep 0.01
	done
	return 1
}

# fpm_workers: the pids of our php-fpm master's workers, on one line (from /proc).
fpm_workers()
{
	local st line pids=()
	for st in /proc/[0-9]*/status; do
		while IFS= read -r line; do
			if [[ $line == PPid:* ]]; then
				[[ ${line//[!0-9]/} == "$FPM_PID" ]] && pids+=("${st//[!0-9]/}")
				break
			fi
		done 2>/dev/null <"$st"
	done
	echo "${pids[*]}"
}

# e_redis_start: starts (or restarts, reloading its append-only file)
# scenario e's server on $E_REDIS_PORT; fsync on every write, so that what a
# client was told is written survives kill -9. Waits until it answers PING.
# E_REDIS_PROBES counts the probes the server answered: while it reloads a
# long append-only file it accepts connections and answers LOADING, so the
# wait can cost the server more than one connection.
e_redis_start()
{
	local i reply
	E_REDIS_PROBES=0
	mkdir -p "$E_REDIS_DIR"
	redis-server --bind 127.0.0.1 --port "$E_REDIS_PORT" --protected-mode yes \
		--daemonize yes --pidfile "$E_REDIS_DIR/redis.pid" --logfile "$E_REDIS_DIR/redis.log" \
		--dir "$E_REDIS_DIR" --save "" --appendonly yes --appendfsync always {LOCK_FD}>&- || return 1
	for ((i = 0; i < 400; i++)); do
		reply=$(rcli "$E_REDIS_PORT" ping)
		[[ -n $reply ]] && E_REDIS_PROBES=$((E_REDIS_PROBES + 1))
		if [[ $reply == PONG ]]; then
			E_REDIS_PID=$(cat "$E_REDIS_DIR/redis.pid" 2>/dev/null)
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# e_redis_down: succeeds once nothing answers on $E_REDIS_PORT (10 s at most).
e_redis_down()
{
	local i
	for ((i = 0; i < 200; i++)); do
		[[ $(rcli "$E_REDIS_PORT" ping) == PONG ]] || return 0
		sleep 0.05
	done
	return 1
}

# e_redis_stop: stops scenario e's server, if it runs, and waits until it has.
e_redis_stop()
{
	if [[ -n $E_REDIS_PID ]] && kill -KILL "$E_REDIS_PID" 2>/dev/null; then
		e_redis_down
	fi
	E_REDIS_PID=
}

suite_cleanup()
{
	local port
	e_redis_stop
	if [[ -n $PREFIX_BASE ]]; then
		for port in "$REDIS_PORT" "${CLUSTER_PORTS[@]}"; do
			delete_prefix "$port" "$PREFIX_BASE*"
		done
	fi
}

# --- a: no lost update -------------------------------------------------------

# a_increments NAME LABEL DSN REDIS-CLI-ARGS...: scenario a on the store
# DSN, in the scenario directory NAME; the harness looks at the keys with
# redis-cli and the given arguments (-p PORT, or -c -p PORT on the cluster).
a_increments()
{
	local name=$1 label=$2
	SAVE_PATH=$3
	shift 3
	local -a route=("$@")
	stack_start "$name" || return
	a_count_to_200 "$label" || return
	# The data is in Redis under the scenario's prefix, and no lock is left.
	local key prefix=${SAVE_PATH##*prefix=} rec lock
	key=$(storage_key "$A_SID")
	prefix=${prefix%%&*}
	rec=$(timeout 5 redis-cli -h 127.0.0.1 "${route[@]}" exists "$prefix{$key}:rec" 2>/dev/null)
	lock=$(timeout 5 redis-cli -h 127.0.0.1 "${route[@]}" exists "$prefix{$key}:lock" 2>/dev/null)
	check "$label: the record is in Redis as $prefix{<sha256 of the ID>}:rec, with no lock left" \
		"EXISTS rec: '$rec', EXISTS lock: '$lock'" \
		eval '[[ $rec == 1 && $lock == 0 ]]'
	no_php_errors "$label"
	stack_stop
}

scenario_a()
{
	echo "a: 20 concurrent clients x 10 requests on one session"
	a_increments a a "redis://127.0.0.1:$REDIS_PORT?prefix=${PREFIX_BASE}a:" -p "$REDIS_PORT"
	local seeds p
	seeds=$(for p in "${CLUSTER_PORTS[@]}"; do printf '127.0.0.1:%s,' "$p"; done)
	echo "a: the same on redis+cluster://"
	a_increments a_cluster "a (cluster)" "redis+cluster://${seeds%,}?prefix=${PREFIX_BASE}k:" \
		-c -p "${CLUSTER_PORTS[0]}"
}

# --- b: readers do not wait for a writer -------------------------------------

scenario_b()
{
	echo "b: readers while a writer holds the session for 500 ms"
	SAVE_PATH="redis://127.0.0.1:$REDIS_PORT?prefix=${PREFIX_BASE}b:"
	stack_start b || return
	b_readers
	stack_stop
}

# --- c: a stale holder's write is refused ------------------------------------

scenario_c()
{
	echo "c: a lock holder stopped past its lock TTL (tessera.lock_ttl = 1)"
	local prefix=${PREFIX_BASE}c:
	SAVE_PATH="redis://127.0.0.1:$REDIS_PORT?prefix=$prefix"
	stack_start c 'tessera.lock_ttl = 1' || return
	local jar=$S/out/c.jar out sid code t t_newer min_newer warnings lost
	new_v_session c_set "$jar" first || return
	sid=$V_SID
	if ! take_holder c_locked 'set=stale&release=c_release&hold_ms=60000' "$jar"; then
		: >"$S/events/c_release"
		kill -CONT "$H_PID" 2>/dev/null
		[[ -n $H_CURL ]] && wait "$H_CURL"
		return
	fi
	kill -STOP "$H_PID"
	# Another request takes the session once the stopped holder's lock lapses, and writes.
	read -r code t < <(req c_newer -b "$jar" "$BASE/hold.php?ev=c_newer&set=newer&hold_ms=0")
	t_newer=$(kv "$S/out/c_newer.body" t_locked)
	min_newer=$(awk -v t="$H_T" 'BEGIN { printf "%.6f", t + 0.95 }')
	check "c: another request gets the lock after the holder's 1 s TTL ($(awk -v a="$t_newer" -v b="$H_T" 'BEGIN { printf "%.0f ms", (a - b) * 1000 }') after the holder) and writes v=newer" \
		"HTTP $code after $(ms "${t:-0}"); holder locked at $H_T; body: $(tr '\n' ' ' <"$S/out/c_newer.body")" \
		eval '[[ $code == 200 && -n $t_newer ]] && ! lt "$t_newer" "$min_newer"'
	# The holder wakes up and tries to write v=stale.
	: >"$S/events/c_release"
	kill -CONT "$H_PID"
	wait "$H_CURL"
	read -r code _ <"$S/out/c_locked_holder.res"
	check "c: the resumed holder's request still answers (HTTP $code)" \
		"body: $(tr '\n' ' ' <"$S/out/c_locked_holder.body" 2>/dev/null)" test "$code" == 200
	warnings=$(grep -c 'PHP Warning' "$S/logs/php-errors.log" 2>/dev/null)
	lost=$(grep -c 'Tessera: session lock was taken over by another request; changes were not saved' "$S/logs/php-errors.log" 2>/dev/null)
	check "c: the stale write was refused with exactly one warning (lock taken over)" \
		"$warnings warnings, $lost about the lost lock: $(head -n 3 "$S/logs/php-errors.log" 2>/dev/null)" \
		eval '[[ $warnings == 1 && $lost == 1 ]]'
	read -r code t < <(req c_read -b "$jar" "$BASE/read.php?mode=exclusive")
	check "c: the newer data survives (v=newer), same session" \
		"HTTP $code; body: $(tr '\n' ' ' <"$S/out/c_read.body")" \
		eval '[[ $code == 200 && $(kv "$S/out/c_read.body" s.v) == newer && $(kv "$S/out/c_read.body" id) == "$sid" ]]'
	out=$(rcli "$REDIS_PORT" exists "$prefix{$(storage_key "$sid")}:lock")
	check "c: no lock is left on the session" "EXISTS lock: '$out'" test "$out" == 0
	stack_stop
}

# --- d: a killed holder's lock ends with its TTL -----------------------------

scenario_d()
{
	echo "d: kill -9 of the worker holding a session (tessera.lock_ttl = 3)"
	SAVE_PATH="redis://127.0.0.1:$REDIS_PORT?prefix=${PREFIX_BASE}d:"
	stack_start d 'tessera.lock_ttl = 3' || return
	local jar=$S/out/d.jar sid code t opened
	queue_behind_holder d "$jar" || return
	sid=$V_SID
	check "d: the queued request waits in a blocking pop (BLPOP on the wake list), not in a sleep loop" \
		"no client blocked in BLPOP on 127.0.0.1:$REDIS_PORT within 10 s" \
		blpop_waiter "$REDIS_PORT"
	kill_holder d_locked
	wait "$WAITER_PID"
	read -r code t <"$S/out/d_waiter.res"
	opened=$(kv "$S/out/d_waiter.body" t_opened)
	local after
	after=$(awk -v a="${opened:-0}" -v b="$H_T" 'BEGIN { printf "%.3f", a - b }')
	check "d: the queued request proceeds once the lock's TTL is over (${after} s after the holder locked; TTL 3 s), not before" \
		"HTTP $code; body: $(tr '\n' ' ' <"$S/out/d_waiter.body")" \
		eval '[[ $code == 200 && -n $opened ]] && ! lt "$after" 2.95 && lt "$after" 5'
	check "d: it sees v=committed, not the killed holder's change, in the same session" \
		"body: $(tr '\n' ' ' <"$S/out/d_waiter.body")" \
		eval '[[ $(kv "$S/out/d_waiter.body" s.v) == committed && $(kv "$S/out/d_waiter.body" id) == "$sid" ]]'
	read -r code t < <(req d_next -b "$jar" "$BASE/read.php?mode=exclusive")
	check "d: the next request proceeds at once ($(ms "${t:-0}")) and sees v=committed" \
		"HTTP $code; body: $(tr '\n' ' ' <"$S/out/d_next.body")" \
		eval '[[ $code == 200 && $(kv "$S/out/d_next.body" s.v) == committed ]] && lt "$t" 1'
	no_php_errors d
	stack_stop
}

# --- e: Redis restarts under load --------------------------------------------

E_CLIENTS=6

# e_client K: requests incr.php on client K's session until $S/events/e_stop
# exists; one line per request: "result=... n=... pid=... code=<http>".
e_client()
{
	local k=$1
	while [[ ! -e $S/events/e_stop ]]; do
		"${CURL[@]}" -b "$S/out/e_$k.jar" -w ' code=%{http_code}\n' "$BASE/incr.php" 2>/dev/null
	done >>"$S/out/e_client_$k.txt"
}

# e_count K FROM PATTERN: lines of client K's log after line FROM matching PATTERN.
e_count()
{
	tail -n +"$(($2 + 1))" "$S/out/e_client_$1.txt" 2>/dev/null | grep -c -E "$3"
}

# e_wait_all FROM_VAR PATTERN N: waits (30 s at most) until every client has
# at least N lines matching PATTERN after its line ${FROM_VAR[k]}.
e_wait_all()
{
	local -n from=$1
	local pattern=$2 n=$3 k deadline=$((SECONDS + 30)) short
	while ((SECONDS < deadline)); do
		short=0
		for ((k = 1; k <= E_CLIENTS; k++)); do
			(($(e_count "$k" "${from[k]}" "$pattern") >= n)) || short=1
		done
		((short)) || return 0
		sleep 0.02
	done
	return 1
}

scenario_e()
{
	echo "e: the Redis server is killed under load and started again"
	E_REDIS_PORT=$(free_port)
	E_REDIS_DIR=$RUN/e-redis
	if ! e_redis_start; then
		fail "e: a Redis server of its own starts on 127.0.0.1:$E_REDIS_PORT" "$(tail -n 5 "$E_REDIS_DIR/redis.log" 2>/dev/null)"
		return
	fi
	SAVE_PATH="redis://127.0.0.1:$E_REDIS_PORT?prefix=${PREFIX_BASE}e:&connect_timeout=0.5"
	local workers=$E2E_WORKERS
	E2E_WORKERS=$E_CLIENTS
	stack_start e 'tessera.lock_ttl = 2' 'tessera.lock_wait_timeout = 5'
	local started=$?
	E2E_WORKERS=$workers
	((started == 0)) || return
	local k out sids=() zero=() before=() after=() pids=() workers_before workers_after
	workers_before=$(fpm_workers)
	for ((k = 1; k <= E_CLIENTS; k++)); do
		out=$(req "e_new_$k" -c "$S/out/e_$k.jar" "$BASE/incr.php")
		sids[k]=$(set_cookie_sid "$S/out/e_new_$k.hdr")
		if [[ $out != 200* || $(cat "$S/out/e_new_$k.body") != "result=ok n=1 "* || -z ${sids[k]} ]]; then
			fail "e: client $k's session is created" "got: $out $(cat "$S/out/e_new_$k.body")"
			return
		fi
		zero[k]=0
	done
	for ((k = 1; k <= E_CLIENTS; k++)); do
		e_client "$k" &
		pids+=($!)
	done

	local loaded=0 felt=0 back=0 conns
	if e_wait_all zero 'result=ok' 3; then
		loaded=1
		for ((k = 1; k <= E_CLIENTS; k++)); do
			before[k]=$(wc -l <"$S/out/e_client_$k.txt")
		done
		kill -KILL "$E_REDIS_PID"
		e_redis_down && e_wait_all before 'code=[^2]' 2 && felt=1
		if e_redis_start; then
			for ((k = 1; k <= E_CLIENTS; k++)); do
				after[k]=$(wc -l <"$S/out/e_client_$k.txt")
			done
			e_wait_all after 'result=ok' 3 && back=1
			# Connections the new server accepted: the workers', the probes
			# e_redis_start got an answer from, and this INFO's.
			conns=$(rcli "$E_REDIS_PORT" info stats | sed -n 's/^total_connections_received:\([0-9]*\).*/\1/p')
			[[ -n $conns ]] && conns=$((conns - E_REDIS_PROBES - 1))
		else
			fail "e: the Redis server starts again" "$(tail -n 5 "$E_REDIS_DIR/redis.log" 2>/dev/null)"
		fi
	fi
	: >"$S/events/e_stop"
	for k in "${pids[@]}"; do
		wait "$k"
	done
	workers_after=$(fpm_workers)
	cat "$S/out"/e_client_*.txt >"$S/out/e_all.txt"

	check "e: under load, every client got 3 answers before the crash" \
		"$(tail -n 3 "$S/out/e_all.txt")" test "$loaded" == 1
	((loaded)) || return
	local total ok fails bad
	total=$(grep -c . "$S/out/e_all.txt")
	ok=$(grep -c '^result=ok n=[0-9]* pid=[0-9]* code=200$' "$S/out/e_all.txt")
	fails=$(grep -c -E '^result=(start_failed|write_failed)( n=[0-9]+)? pid=[0-9]+ code=503$' "$S/out/e_all.txt")
	bad=$(grep -v -E -e '^result=ok n=[0-9]* pid=[0-9]* code=200$' \
		-e '^result=(start_failed|write_failed)( n=[0-9]+)? pid=[0-9]+ code=503$' "$S/out/e_all.txt" | head -n 3)
	check "e: while Redis was down every client's requests failed, and cleanly: $fails answered 503 from the page, the other $ok of $total answered 200" \
		"felt by every client: $felt; other answers: $bad" \
		eval '[[ $felt == 1 && -z $bad && $((ok + fails)) == "$total" ]]'
	local warnings tessera_warnings naming other_errors
	warnings=$(grep -c 'PHP Warning' "$S/logs/php-errors.log" 2>/dev/null)
	tessera_warnings=$(grep -c 'PHP Warning: .*Tessera: ' "$S/logs/php-errors.log" 2>/dev/null)
	naming=$(grep -c "PHP Warning: .*Tessera: .*127\.0\.0\.1:$E_REDIS_PORT" "$S/logs/php-errors.log" 2>/dev/null)
	other_errors=$(grep -v 'PHP Warning' "$S/logs/php-errors.log" 2>/dev/null | grep -c .)
	check "e: each failed request logged exactly one Tessera warning ($tessera_warnings for $fails failures; $naming name the Redis server)" \
		"$warnings warnings, $tessera_warnings from Tessera, $naming naming 127.0.0.1:$E_REDIS_PORT, $other_errors other lines; first: $(head -n 3 "$S/logs/php-errors.log" 2>/dev/null)" \
		eval '[[ $warnings == "$fails" && $tessera_warnings == "$fails" && $naming -ge 1 && $other_errors == 0 ]]'
	check "e: service resumed with no manual step: every client got 3 answers after the restart, from the same php-fpm workers" \
		"resumed: $back; workers before: $workers_before; after: $workers_after" \
		eval '[[ $back == 1 && $workers_before == "$workers_after" && -n $workers_before ]]'
	local ok_after=0
	for ((k = 1; k <= E_CLIENTS; k++)); do
		ok_after=$((ok_after + $(e_count "$k" "${after[k]:-0}" 'result=ok')))
	done
	check "e: persistent connections reconnect once: $ok_after requests after the restart used ${conns:-?} connections (at most one per worker)" \
		"connections the restarted server accepted from the workers: '$conns' (besides $E_REDIS_PROBES answered PING probes); $E_CLIENTS workers" \
		eval '[[ -n $conns ]] && ((conns >= 1 && conns <= E_CLIENTS && ok_after > E_CLIENTS))'
	# Every session is still there, with each acknowledged increment in it.
	local k_ok k_wf seq n code t corrupt=()
	for ((k = 1; k <= E_CLIENTS; k++)); do
		k_ok=$(($(grep -c '^result=ok' "$S/out/e_client_$k.txt") + 1))
		k_wf=$(grep -c '^result=write_failed' "$S/out/e_client_$k.txt")
		seq=$( (echo 1; sed -n 's/^result=ok n=\([0-9]*\) .*/\1/p' "$S/out/e_client_$k.txt") | tr '\n' ' ')
		read -r code t < <(req "e_final_$k" -b "$S/out/e_$k.jar" "$BASE/read.php?mode=exclusive")
		n=$(kv "$S/out/e_final_$k.body" s.n)
		if [[ $code != 200 || $(kv "$S/out/e_final_$k.body" id) != "${sids[k]}" || -z $n ]] ||
			((n < k_ok || n > k_ok + k_wf)) ||
			! awk '{ for (i = 2; i <= NF; i++) if ($i <= $(i - 1)) exit 1 }' <<<"$seq"; then
			corrupt+=("client $k: HTTP $code, id $(kv "$S/out/e_final_$k.body" id) (created ${sids[k]}), n=$n for $k_ok acknowledged + $k_wf unacknowledged increments; values: ${seq:0:80}")
		fi
	done
	check "e: no session was lost or corrupted: each has its ID, and n counts every acknowledged increment (plus at most the unacknowledged ones)" \
		"${corrupt[*]}" test ${#corrupt[@]} -eq 0
	stack_stop
	e_redis_stop
}

# --- main --------------------------------------------------------------------

main()
{
	if e2e_preflight redis-server redis-cli sha256sum flock; then
		# The shared servers: wait for any redis unit test run to end, then make sure they run.
		if ! redis_tests_lock; then
			fail "$E2E_NAME: the redis test servers' lock ($TSR_REDIS_DIR/tests.lock) is free within 900 s"
		elif ! bash "$REDIS_SERVERS" start >/dev/null {LOCK_FD}>&-; then
			fail "$E2E_NAME: the redis test servers start ($REDIS_SERVERS start)" \
				"$(bash "$REDIS_SERVERS" status 2>&1)"
		fi
	fi
	if ((failed == 0)); then
		e2e_make_run
		PREFIX_BASE=e2e${RUN##*.}
		run_scenarios a b c d e
	fi
	e2e_summary
}

main "$@"
