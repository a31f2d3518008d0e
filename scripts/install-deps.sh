#!/usr/bin/env bash
# Installs, from Debian 12's own package archive, everything that building and
# testing Tessera needs: the C toolchain, PHP 8.2 (CLI, headers, FPM), nginx,
# curl, cmocka, OpenSSL and hiredis headers, redis-server (the redis store's
# tests start their own servers on their own ports), valgrind, and clang with
# its libFuzzer runtime and llvm-symbolizer (readable sanitizer reports).
#
#   scripts/install-deps.sh           everything above (`make deps`, `make test`)
#   scripts/install-deps.sh --demo    only what building the extension and
#                                     serving the demo on PHP's built-in server
#                                     need: the C toolchain, pkg-config, PHP 8.2
#                                     CLI and headers, OpenSSL and hiredis
#                                     headers (`make deps-demo`, `make demo`)
#
# Idempotent and quiet: when every package is already installed it prints
# nothing and touches nothing (not even `apt-get update`). Needs root only when
# something is missing.
#
# Services: the tests run nginx, php-fpm and redis-server from their binaries with their own
# configuration on 127.0.0.1 and their own ports, never the system services.
# While installing, a policy-rc.d that refuses every start is put in place
# (unless the machine already has one), so no package starts a daemon; if one
# is started anyway (e.g. by systemd on a full system), nothing here depends on
# port 80 or on the system's configuration.
#
# Extra packages can be added with TESTS_EXTRA_PACKAGES="pkg1 pkg2".
set -euo pipefail

# What `make ext` and `php -S` need: phpize's toolchain, the extension's libraries.
build_packages=(
	build-essential
	pkg-config
	php8.2-cli
	php8.2-dev
	libssl-dev
	libhiredis-dev
)
# What the test suites add to that.
test_packages=(
	php8.2-fpm
	nginx
	curl
	jq
	libcmocka-dev
	redis-server
	redis-tools
	valgrind
	clang
	clang-format
	libclang-rt-14-dev
	llvm
)

case ${1:-} in
'')
	packages=("${build_packages[@]}" "${test_packages[@]}")
	# shellcheck disable=SC2206 # word splitting of the extra list is intended
	packages+=(${TESTS_EXTRA_PACKAGES:-})
	;;
--demo)
	packages=("${build_packages[@]}")
	;;
*)
	echo "usage: scripts/install-deps.sh [--demo]" >&2
	exit 2
	;;
esac

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	if [[ $status != ii* ]]; then
		missing+=("$p")
	fi
done

if ((${#missing[@]} == 0)); then
	exit 0
fi

echo "install-deps: installing ${missing[*]}"
if ((EUID != 0)); then
	echo "install-deps: these packages are missing and installing them needs root: ${missing[*]}" >&2
	exit 1
fi

policy=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e $policy ]]; then
	printf '#!/bin/sh\n# Temporary, from Tessera scripts/install-deps.sh: start no service.\nexit 101\n' >"$policy"
	chmod 0755 "$policy"
	own_policy=1
fi
cleanup() {
	if ((own_policy)); then
		rm -f "$policy"
	fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
