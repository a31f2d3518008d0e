#!/usr/bin/env bash
# Serves examples/demo on PHP's built-in server with the Tessera extension
# as the session save handler: the command behind `make demo`, and the one
# tests/e2e/demo.sh starts.
#
#   scripts/demo.sh HOST PORT SESSIONS_DIR
#
# SESSIONS_DIR (created with mode 0700 if missing) becomes session.save_path.
# The extension is $DEMO_EXT (default ext/modules/tessera.so; `make ext`
# builds it). The server replaces this shell (exec), so Ctrl-C, or a signal
# to this script's PID, stops it. Exits 2 on bad arguments or a missing
# extension.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if (($# != 3)); then
	echo "usage: scripts/demo.sh HOST PORT SESSIONS_DIR" >&2
	exit 2
fi
host=$1
port=$2
sessions=$3
ext=${DEMO_EXT:-$root/ext/modules/tessera.so}

if [[ ! -f $ext ]]; then
	echo "demo: $ext does not exist (make ext builds it)" >&2
	exit 2
fi
install -d -m 0700 "$sessions"
sessions=$(cd "$sessions" && pwd)

echo "Tessera demo on http://$host:$port/ (sessions in $sessions); Ctrl-C stops it."
exec php -S "$host:$port" -d extension="$ext" \
	-d session.save_handler=tessera -d session.save_path="$sessions" \
	-d session.cookie_httponly=1 -d session.cookie_samesite=Lax \
	-t "$root/examples/demo"
