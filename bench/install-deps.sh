#!/usr/bin/env bash
# Installs, from Debian 12's own archive, what `make bench` needs beyond the
# build and test dependencies (scripts/install-deps.sh): wrk (load
# generator), gnuplot-nox (charts), memcached and redis-server (the peers'
# stores), PHP's phpredis and php-memcached extensions (Debian's php-redis
# and php-memcached, which provide php8.2-redis / php8.2-memcached and pull
# in their igbinary and msgpack dependencies), nginx, php8.2-fpm, curl and
# time (/usr/bin/time -v for the scale scenario's peak memory).
#
# Idempotent and quiet: prints nothing and touches nothing when all is
# there. While installing, a policy-rc.d that refuses every start is put in
# place (unless one exists), so no package starts a system daemon: the bench
# runs its own redis-server, memcached, nginx and php-fpm on 127.0.0.1.
#
# Extra packages: BENCH_EXTRA_PACKAGES="pkg1 pkg2".
set -euo pipefail

packages=(
	wrk
	gnuplot-nox
	memcached
	redis-server
	nginx
	php8.2-cli
	php8.2-fpm
	php-redis
	php-memcached
	curl
	time
)
# shellcheck disable=SC2206 # word splitting of the extra list is intended
packages+=(${BENCH_EXTRA_PACKAGES:-})

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	if [[ $status != ii* ]]; then
		missing+=("$p")
	fi
done
((${#missing[@]} == 0)) && exit 0

echo "bench/install-deps: installing ${missing[*]}"
if ((EUID != 0)); then
	echo "bench/install-deps: installing needs root: ${missing[*]}" >&2
	exit 1
fi

policy=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e $policy ]]; then
	printf '#!/bin/sh\n# Temporary, from Tessera bench/install-deps.sh: start no service.\nexit 101\n' >"$policy"
	chmod 0755 "$policy"
	own_policy=1
fi
cleanup()
{
	if ((own_policy)); then
		rm -f "$policy"
	fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bench/install-deps: done"
