#!/usr/bin/env bash
# Static checks on the tree, for `make test`: prints one "ok"/"not ok" line per
# check and ends with "N passed, N failed".
#   - lib/ stays free of PHP and Zend (no php.h, zend_*.h or ext/ include);
#   - every C file (generated arginfo aside) matches the committed .clang-format.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2

passed=0
failed=0

# check NAME COMMAND...: runs COMMAND; it passes when the command succeeds.
check()
{
	local name=$1
	shift
	if "$@"; then
		echo "ok     $name"
		passed=$((passed + 1))
	else
		echo "not ok $name"
		failed=$((failed + 1))
	fi
}

zend_free()
{
	local hits
	hits=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](php|zend|ext/|Zend/|main/)' lib)
	[[ -z $hits ]] || { echo "  PHP/Zend headers included in: $hits"; return 1; }
}

formatted()
{
	local f bad=()
	while IFS= read -r f; do
		clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
	done < <(git ls-files '*.c' '*.h' | grep -v '_arginfo\.h$')
	((${#bad[@]} == 0)) || { echo "  not clang-formatted: ${bad[*]}"; return 1; }
}

check "lib/ includes no PHP or Zend header" zend_free
check "C sources match .clang-format" formatted

echo "lint: $passed passed, $failed failed"
((failed == 0))
