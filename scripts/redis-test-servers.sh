#!/usr/bin/env bash
# Starts and stops the Redis servers that the redis store's unit tests
# (lib/tests/test_store_redis*.c) run against. Everything listens on
# 127.0.0.1 (plus one unix socket) on its own ports, never the system
# service's 6379, and keeps its files under one directory:
#
#   single   127.0.0.1:$TSR_REDIS_PORT (6390) and $DIR/single/redis.sock
#   auth     127.0.0.1:$TSR_REDIS_AUTH_PORT (6391), requirepass (password-only AUTH tests)
#   cluster  127.0.0.1:$TSR_REDIS_CLUSTER_BASE..+2 (7101-7103), three masters, no replicas
#
# Usage: scripts/redis-test-servers.sh start|stop|status|clean
#   start   starts whatever is not running yet and waits until it answers (the
#           cluster: until every node agrees that all 16384 slots are served);
#           a server already running from $DIR is left alone
#   stop    shuts down the servers started from $DIR (SHUTDOWN NOSAVE)
#   status  prints one line per server, exits non-zero if one is down
#   clean   stop, then remove $DIR
# Idempotent: start twice or stop twice is fine. Exit status 0 on success.
#
# Environment (the tests read the same variables with the same defaults):
#   TSR_REDIS_DIR           default ${TMPDIR:-/tmp}/tessera-redis-<uid>
#   TSR_REDIS_PORT          default 6390
#   TSR_REDIS_AUTH_PORT     default 6391
#   TSR_REDIS_CLUSTER_BASE  default 7101
set -euo pipefail

DIR=${TSR_REDIS_DIR:-${TMPDIR:-/tmp}/tessera-redis-$(id -u)}
PORT=${TSR_REDIS_PORT:-6390}
AUTH_PORT=${TSR_REDIS_AUTH_PORT:-6391}
CLUSTER_BASE=${TSR_REDIS_CLUSTER_BASE:-7101}
CLUSTER_PORTS=("$CLUSTER_BASE" "$((CLUSTER_BASE + 1))" "$((CLUSTER_BASE + 2))")
# The auth server's password: a fixed test value, loopback only.
AUTH_PASSWORD=tessera-test-pw
HOST=127.0.0.1

die() {
	echo "redis-test-servers: $*" >&2
	exit 1
}

for bin in redis-server redis-cli; do
	command -v "$bin" >/dev/null 2>&1 || die "$bin not found (apt-get install redis-server redis-tools)"
done

# cli PORT [ARGS...]: one redis-cli call with a short timeout, no retries.
cli() {
	local port=$1
	shift
	local auth=()
	if [[ $port == "$AUTH_PORT" ]]; then
		auth=(--no-auth-warning -a "$AUTH_PASSWORD")
	fi
	timeout 5 redis-cli -h "$HOST" -p "$port" "${auth[@]}" "$@" 2>/dev/null
}

# ours PORT NAME: true when a server answers on PORT and runs from $DIR/NAME.
ours() {
	local dir
	dir=$(cli "$1" config get dir | sed -n 2p) || return 1
	[[ $dir == "$DIR/$2" ]]
}

# answering PORT: true when something answers PING on PORT.
answering() {
	[[ $(cli "$1" ping || true) == PONG ]]
}

# wait_for DESCRIPTION COMMAND...: retries COMMAND for up to 20 s.
wait_for() {
	local what=$1 i
	shift
	for ((i = 0; i < 200; i++)); do
		if "$@"; then
			return 0
		fi
		sleep 0.1
	done
	die "timed out waiting for $what"
}

# start_one NAME PORT [EXTRA redis-server ARGS...]
start_one() {
	local name=$1 port=$2
	shift 2
	local dir="$DIR/$name"
	if answering "$port"; then
		ours "$port" "$name" || die "port $port is taken by a server that is not ours ($dir)"
		return 0
	fi
	mkdir -p "$dir"
	redis-server --bind "$HOST" --port "$port" --protected-mode yes \
		--daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
		--dir "$dir" --save "" --appendonly no "$@" ||
		die "redis-server $name on port $port failed to start (see $dir/redis.log)"
	wait_for "redis $name on port $port" answering "$port"
}

# stop_one NAME PORT
stop_one() {
	local name=$1 port=$2 pid=""
	local pidfile="$DIR/$name/redis.pid"
	if [[ -f $pidfile ]]; then
		pid=$(cat "$pidfile")
	fi
	if answering "$port" && ours "$port" "$name"; then
		cli "$port" shutdown nosave >/dev/null || true
	fi
	if [[ -n $pid ]]; then
		wait_for "redis $name (pid $pid) to exit" bash -c "! kill -0 $pid 2>/dev/null"
		rm -f "$pidfile"
	fi
}

cluster_ok() {
	local p
	for p in "${CLUSTER_PORTS[@]}"; do
		cli "$p" cluster info | grep -q '^cluster_state:ok' || return 1
	done
	timeout 10 redis-cli --cluster check "$HOST:${CLUSTER_PORTS[0]}" >/dev/null 2>&1
}

# stabilize: ends any slot migration left half done (a test that failed mid-way)
# by clearing the MIGRATING / IMPORTING state on every node.
stabilize() {
	local p slot
	for p in "${CLUSTER_PORTS[@]}"; do
		for slot in $(cli "$p" cluster nodes | grep myself | grep -o '\[[0-9]*-[<>]-' | tr -d '[<>-'); do
			cli "$p" cluster setslot "$slot" stable >/dev/null || true
		done
	done
}

start_cluster() {
	local p nodes=()
	for p in "${CLUSTER_PORTS[@]}"; do
		start_one "cluster/$p" "$p" --cluster-enabled yes \
			--cluster-config-file "$DIR/cluster/$p/nodes.conf" --cluster-node-timeout 5000
		nodes+=("$HOST:$p")
	done
	if cluster_ok; then
		return 0
	fi
	stabilize
	if cluster_ok; then
		return 0
	fi
	# A fresh set of nodes knows only itself: join them and assign the slots.
	if [[ $(cli "${CLUSTER_PORTS[0]}" cluster info | sed -n 's/^cluster_slots_assigned:\([0-9]*\).*/\1/p') == 0 ]]; then
		timeout 30 redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes \
			>"$DIR/cluster/create.log" 2>&1 ||
			die "redis-cli --cluster create failed (see $DIR/cluster/create.log)"
	fi
	wait_for "the cluster to agree on its slots" cluster_ok
}

start() {
	mkdir -p "$DIR"
	chmod 0700 "$DIR"
	start_one single "$PORT" --unixsocket "$DIR/single/redis.sock" --unixsocketperm 700
	start_one auth "$AUTH_PORT" --requirepass "$AUTH_PASSWORD"
	start_cluster
}

stop() {
	local p
	stop_one single "$PORT"
	stop_one auth "$AUTH_PORT"
	for p in "${CLUSTER_PORTS[@]}"; do
		stop_one "cluster/$p" "$p"
	done
}

status() {
	local rc=0 name port p
	for name in single:"$PORT" auth:"$AUTH_PORT"; do
		port=${name#*:}
		if answering "$port" && ours "$port" "${name%%:*}"; then
			echo "${name%%:*} $HOST:$port up"
		else
			echo "${name%%:*} $HOST:$port down"
			rc=1
		fi
	done
	for p in "${CLUSTER_PORTS[@]}"; do
		if answering "$p" && ours "$p" "cluster/$p"; then
			echo "cluster $HOST:$p up"
		else
			echo "cluster $HOST:$p down"
			rc=1
		fi
	done
	return $rc
}

case ${1:-} in
	start) start ;;
	stop) stop ;;
	status) status ;;
	clean)
		stop
		rm -rf "$DIR"
		;;
	*)
		echo "usage: $0 start|stop|status|clean" >&2
		exit 2
		;;
esac
