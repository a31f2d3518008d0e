#!/usr/bin/env bash
# Static checks on the tree, for `make test`: prints one "ok"/"not ok" line per
# check and ends with "N passed, N failed".
#   - lib/ stays free of PHP and Zend (no php.h, zend_*.h or ext/ include);
#   - every C file (generated arginfo aside) matches the committed .clang-format;
#   - ext/tessera_arginfo.h was generated from the current ext/tessera.stub.php
#     (its "Stub hash:" line is the stub's SHA-1, as gen_stub.php writes it).
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

arginfo_current()
{
	local stub=ext/tessera.stub.php header=ext/tessera_arginfo.h want got
	[[ -f $stub && -f $header ]] || { echo "  missing $stub or $header"; return 1; }
	want=$(sha1sum "$stub" | cut -d ' ' -f 1)
	got=$(sed -n 's/^.*Stub hash: \([0-9a-f]\{40\}\).*$/\1/p' "$header" | head -n 1)
	[[ $got == "$want" ]] || {
		echo "  $header has stub hash '${got:-none}', $stub's SHA-1 is $want: run make ext-stub"
		return 1
	}
}

check "lib/ includes no PHP or Zend header" zend_free
check "C sources match .clang-format" formatted
check "ext/tessera_arginfo.h generated from the current stub" arginfo_current

echo "lint: $passed passed, $failed failed"
((failed == 0))
