#!/usr/bin/env bash
# Installs, from Debian 12's own archive, what `make bench` needs beyond the
# build and test dependencies: wrk (load generator), gnuplot-nox (charts),
# memcached (a peer's store), PHP's phpredis and php-memcached extensions
# (Debian's php-redis and php-memcached, which pull in igbinary and msgpack)
# and time (/usr/bin/time -v for the scale scenario's peak memory).
#
# It is scripts/install-deps.sh with these packages added, so it shares its
# behaviour: idempotent and quiet when all is there, and no package starts a
# system daemon (the bench runs its own servers on 127.0.0.1).
# Extra packages: BENCH_EXTRA_PACKAGES="pkg1 pkg2".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TESTS_EXTRA_PACKAGES="wrk gnuplot-nox memcached php-redis php-memcached time ${BENCH_EXTRA_PACKAGES:-}" \
	exec bash scripts/install-deps.sh
