#!/usr/bin/env bash
# The tessera command's test suite.
#
# usage: cli/tests/run.sh TESSERA FIXTURE
#
# Creates sessions in a temporary files store through the core library
# (the fixture, cli/tests/fixture.c: tsr_session_create + commit at chosen
# times, users and payloads, so some are expired), then checks every command
# of TESSERA against what the fixture reported: ls, show, stats, gc, revoke,
# revoke-user, usage and store errors, output escaping, leaks under valgrind,
# and that no raw session ID is ever printed. Each check passes or fails on
# its own; the last line is "N passed, N failed" and the exit status is 1
# when any check failed.

set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 TESSERA FIXTURE" >&2
	exit 2
fi
TESSERA=$(realpath "$1")
FIXTURE=$(realpath "$2")

PASS=0
FAIL=0
WORK=$(mktemp -d)
STORE="$WORK/store"
ALLOUT="$WORK/all-output" # everything the CLI printed, checked for raw IDs at the end
mkdir -m 0700 "$STORE"
: >"$ALLOUT"
trap 'rm -rf "$WORK"' EXIT

# ---- assertions -------------------------------------------------------------

ok() {
	PASS=$((PASS + 1))
	echo "ok   - $1"
}

not_ok() {
	local name=$1
	shift
	FAIL=$((FAIL + 1))
	echo "FAIL - $name"
	local line
	for line in "$@"; do
		printf '       %s\n' "$line"
	done
}

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
	if [ "$2" == "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected: $(printf '%q' "$3")" "actual:   $(printf '%q' "$2")"
	fi
}

# expect_match NAME TEXT EXTENDED-REGEX
expect_match() {
	if [[ $2 =~ $3 ]]; then
		ok "$1"
	else
		not_ok "$1" "expected to match: $3" "actual: $(printf '%q' "$2")"
	fi
}

# expect_lacks NAME TEXT SUBSTRING
expect_lacks() {
	if [[ $2 != *"$3"* ]]; then
		ok "$1"
	else
		not_ok "$1" "must not contain: $(printf '%q' "$3")" "actual: $(printf '%q' "$2")"
	fi
}

# expect_file_eq NAME FILE-A FILE-B: byte-for-byte equal
expect_file_eq() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1" "expected bytes: $(od -An -c "$3" | tr -s ' ' | head -c 200)" \
			"actual bytes:   $(od -An -c "$2" | tr -s ' ' | head -c 200)"
	fi
}

# run CMD...: runs a command, leaving OUT, ERR (text) and RC.
run() {
	"$@" >"$WORK/out" 2>"$WORK/err" </dev/null
	RC=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
	cat "$WORK/out" "$WORK/err" >>"$ALLOUT"
}

# tsr ARGS...: runs the CLI.
tsr() {
	run "$TESSERA" "$@"
}

# vg ARGS...: runs the CLI under valgrind (exit 99 on any memory error or leak).
vg() {
	run valgrind -q --error-exitcode=99 --leak-check=full "$TESSERA" "$@"
}

# ---- the sessions -----------------------------------------------------------

NOW=$(date +%s%3N)
HOUR_MS=3600000

declare -A SID KEY BYTES EXPIRES CREATED USER PAYLOAD EXPIRED ALIVE
NAMES=()

# sid_of NAME: a valid 32-character ID (192 bits) derived from NAME.
sid_of() {
	local s="${1}QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
	printf '%s' "${s:0:32}"
}

# iso MS: the ISO 8601 UTC form of a time in ms, computed independently of the CLI.
iso() {
	date -u -d "@$(($1 / 1000))" +%Y-%m-%dT%H:%M:%SZ
}

# mk NAME SID USER CREATED_MS IDLE_S ABS_S PAYLOAD [PROFILE...]: stores one session.
mk() {
	local name=$1 sid=$2 user=$3 created=$4 idle=$5 abs=$6 payload=$7 out
	shift 7
	if ! out=$("$FIXTURE" create "$STORE" "$sid" "$created" "$idle" "$abs" "$user" "$payload" "$@"); then
		not_ok "setup: fixture creates session $name"
		echo "$PASS passed, $FAIL failed"
		exit 1
	fi
	read -r KEY[$name] BYTES[$name] EXPIRES[$name] <<<"$out"
	SID[$name]=$sid
	USER[$name]=$user
	CREATED[$name]=$created
	PAYLOAD[$name]=$payload
	ALIVE[$name]=1
	if [ "${EXPIRES[$name]}" -le "$NOW" ]; then EXPIRED[$name]=1; else EXPIRED[$name]=0; fi
	NAMES+=("$name")
}

# count_alive [USER]: sessions the suite expects in the store (of USER if given).
count_alive() {
	local n=0 name
	for name in "${NAMES[@]}"; do
		if [ "${ALIVE[$name]}" = 1 ] && { [ $# -eq 0 ] || [ "${USER[$name]}" == "$1" ]; }; then
			n=$((n + 1))
		fi
	done
	echo "$n"
}

count_expired() {
	local n=0 name
	for name in "${NAMES[@]}"; do
		if [ "${ALIVE[$name]}" = 1 ] && [ "${EXPIRED[$name]}" = 1 ]; then n=$((n + 1)); fi
	done
	echo "$n"
}

rec_file() {
	local k=${KEY[$1]}
	echo "$STORE/${k:0:2}/${k:2:2}/$k.rec"
}

USER_ODD=$'eve "q"\\\n\xff'     # quote, backslash, newline, a byte that is not UTF-8
USER_UTF8=$'zo\xc3\xab "x" \\ y' # valid UTF-8 with characters JSON must escape
PAYLOAD_ODD=$'line1\nline2\t"quoted" \\ end'

mk alice1 "$(sid_of cliTestAlice1)" alice $((NOW - 60000)) 3600 0 'counter|i:1;'
mk alice2 "$(sid_of cliTestAlice2)" alice $((NOW - 120000)) 3600 0 "$PAYLOAD_ODD"
mk alice3 "$(sid_of cliTestAlice3)" alice $((NOW - 2 * HOUR_MS)) 3600 0 'old'
mk alice4 "$(sid_of cliTestAlice4)" alice $((NOW - 5000)) 3600 0 'x'
mk bob1 "$(sid_of cliTestBob1)" bob $((NOW - 1000)) 1800 86400 'b' 'Mozilla/5.0 (X11)'
mk bob2 "$(sid_of cliTestBob2)" bob $((NOW - 3 * HOUR_MS)) 60 0 'gone'
mk carol1 "$(sid_of cliTestCarol1)" carol $((NOW - 1000)) 3600 0 'c1'
mk carol2 "$(sid_of cliTestCarol2)" carol $((NOW - 1000)) 3600 0 'c2'
mk anon1 "$(sid_of cliTestAnon1)" '' $((NOW - 1000)) 3600 0 ''
mk anon2 "$(sid_of cliTestAnon2)" '' $((NOW - 5 * HOUR_MS)) 3600 0 'stale'
mk odd1 "$(sid_of cliTestOdd1)" "$USER_ODD" $((NOW - 1000)) 3600 0 'o'
mk utf1 "$(sid_of cliTestUtf1)" "$USER_UTF8" $((NOW - 1000)) 3600 0 'u'
mk dash1 "$(sid_of cliTestDash1)" '-' $((NOW - 1000)) 3600 0 'd'
if ! read -r COLLIDE1 COLLIDE2 < <("$FIXTURE" collide); then
	not_ok "setup: fixture finds two IDs whose keys share 8 hex characters"
fi
mk twin1 "$COLLIDE1" '' $((NOW - 1000)) 3600 0 't1'
mk twin2 "$COLLIDE2" '' $((NOW - 1000)) 3600 0 't2'

TOTAL=$(count_alive)
expect_eq "setup: the twins' keys share their first 8 hex characters" \
	"${KEY[twin2]:0:8}" "${KEY[twin1]:0:8}"
expect_eq "setup: storage key is SHA-256 of the ID" \
	"${KEY[alice1]}" "$(printf '%s' "${SID[alice1]}" | sha256sum | cut -d' ' -f1)"
expect_eq "setup: some sessions are expired" "$(count_expired)" 3

# A prefix that names no stored session.
UNKNOWN_PREFIX=
for d in 0 1 2 3 4 5 6 7 8 9 a b c d e f; do
	candidate="$d$d$d$d$d$d$d$d"
	clash=0
	for name in "${NAMES[@]}"; do
		if [[ ${KEY[$name]} == "$candidate"* ]]; then clash=1; fi
	done
	if [ $clash = 0 ]; then
		UNKNOWN_PREFIX=$candidate
		break
	fi
done

# ---- usage errors -----------------------------------------------------------

tsr
expect_eq "no command: exit 2" "$RC" 2
expect_match "no command: usage on stderr" "$ERR" "usage: tessera COMMAND"

tsr --help
expect_eq "--help: exit 0" "$RC" 0
expect_match "--help: lists every command" "$OUT" "tessera gc DSN.*tessera ls DSN.*tessera show DSN.*tessera revoke DSN.*tessera revoke-user DSN.*tessera stats DSN"

for cmd in gc ls show revoke revoke-user stats; do
	tsr "$cmd" --help
	expect_eq "$cmd --help: exit 0" "$RC" 0
	expect_match "$cmd --help: usage line on stdout" "$OUT" "^usage: tessera $cmd DSN"
done

tsr frobnicate "$STORE"
expect_eq "unknown command: exit 2" "$RC" 2
expect_match "unknown command: named on stderr" "$ERR" "^tessera: usage: unknown command 'frobnicate'"

tsr ls
expect_eq "ls without DSN: exit 2" "$RC" 2
expect_match "ls without DSN: error then usage" "$ERR" $'^tessera: ls: missing DSN\nusage: tessera ls DSN'

tsr ls "$STORE" extra
expect_eq "ls with an extra argument: exit 2" "$RC" 2

tsr ls "$STORE" --bogus
expect_eq "unknown option: exit 2" "$RC" 2
expect_match "unknown option: named" "$ERR" "^tessera: ls: unknown option '--bogus'"

tsr ls "$STORE" --user
expect_eq "option without its argument: exit 2" "$RC" 2
expect_match "option without its argument: named" "$ERR" "option '--user' requires an argument"

tsr ls "$STORE" --user ''
expect_eq "ls --user with an empty id: exit 2" "$RC" 2

tsr show "$STORE"
expect_eq "show without KEY or --id: exit 2" "$RC" 2

tsr show "$STORE" "${KEY[alice1]:0:8}" --id "${SID[alice1]}"
expect_eq "show with both KEY and --id: exit 2" "$RC" 2

tsr show "$STORE" abc1234
expect_eq "show with a 7-character prefix: exit 2" "$RC" 2

tsr show "$STORE" abcdefgz
expect_eq "show with a non-hex KEY: exit 2" "$RC" 2

tsr show "$STORE" "${SID[alice1]}"
expect_eq "show given a raw ID as KEY: exit 2" "$RC" 2
expect_match "show given a raw ID as KEY: points to --id" "$ERR" "use --id"

tsr revoke "$STORE" "${KEY[alice1]}" --wait abc
expect_eq "revoke --wait abc: exit 2" "$RC" 2
tsr revoke "$STORE" "${KEY[alice1]}" --wait -1
expect_eq "revoke --wait -1: exit 2" "$RC" 2
tsr revoke-user "$STORE"
expect_eq "revoke-user without USER_ID: exit 2" "$RC" 2
tsr revoke-user "$STORE" ''
expect_eq "revoke-user with an empty USER_ID: exit 2" "$RC" 2
tsr gc "$STORE" extra
expect_eq "gc with an extra argument: exit 2" "$RC" 2
expect_eq "usage errors changed nothing" "$(find "$STORE" -name '*.rec' | wc -l)" "$TOTAL"

# ---- store errors -----------------------------------------------------------

tsr ls relative/sessions
expect_eq "relative DSN: exit 1" "$RC" 1
expect_match "relative DSN: the library's message" "$ERR" "^tessera: ls: .*DSN.*absolute"
expect_eq "relative DSN: nothing on stdout" "$OUT" ""

tsr gc mysql://app:pw@127.0.0.1:3306/app
expect_eq "mysql DSN: exit 1" "$RC" 1
expect_match "mysql DSN: not available in this build" "$ERR" "^tessera: gc: .*'mysql' not available in this build"

tsr stats 'redis://admin:s3cretPW@127.0.0.1:1/0'
expect_lacks "DSN with a password: the password is not echoed" "$ERR" "s3cretPW"

tsr ls "$WORK/no-such-dir"
expect_eq "missing store directory: exit 1" "$RC" 1
expect_match "missing store directory: reported" "$ERR" "^tessera: ls: "

# ---- ls ---------------------------------------------------------------------

tsr ls "$STORE"
expect_eq "ls: exit 0" "$RC" 0
expect_eq "ls: one line per session" "$(printf '%s\n' "$OUT" | wc -l)" "$TOTAL"
bad_lines=$(printf '%s\n' "$OUT" | grep -Evc '^[0-9a-f]{16}( [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z){3} [^ ]+ [0-9]+$')
expect_eq "ls: every line is KEY16 CREATED LAST_ACTIVE EXPIRES USER BYTES" "$bad_lines" 0
line=$(printf '%s\n' "$OUT" | grep "^${KEY[alice1]:0:16} ")
expect_eq "ls: a session's line" "$line" \
	"${KEY[alice1]:0:16} $(iso "${CREATED[alice1]}") $(iso "${CREATED[alice1]}") $(iso "${EXPIRES[alice1]}") alice ${#PAYLOAD[alice1]}"
expect_eq "ls: no user is written -" "$(printf '%s\n' "$OUT" | grep "^${KEY[anon1]:0:16} " | cut -d' ' -f5)" "-"
expect_eq "ls: a user named - is escaped" "$(printf '%s\n' "$OUT" | grep "^${KEY[dash1]:0:16} " | cut -d' ' -f5)" '\x2d'
expect_eq "ls: odd bytes in a user id are escaped into one word" \
	"$(printf '%s\n' "$OUT" | grep "^${KEY[odd1]:0:16} " | cut -d' ' -f5)" 'eve\x20"q"\x5c\x0a\xff'
expect_eq "ls: payload bytes count escaped characters once" \
	"$(printf '%s\n' "$OUT" | grep "^${KEY[alice2]:0:16} " | cut -d' ' -f6)" "${#PAYLOAD_ODD}"

tsr ls "$STORE" --user alice
expect_eq "ls --user alice: only alice's sessions" "$(printf '%s\n' "$OUT" | grep -c ' alice [0-9]*$')" "$(count_alive alice)"
expect_eq "ls --user alice: nothing else" "$(printf '%s\n' "$OUT" | wc -l)" "$(count_alive alice)"

tsr ls "$STORE" --user nobody
expect_eq "ls --user nobody: exit 0" "$RC" 0
expect_eq "ls --user nobody: no lines" "$OUT" ""

tsr ls --json "$STORE"
printf '%s' "$OUT" >"$WORK/ls.json"
expect_eq "ls --json: valid JSON, one object per session" "$(jq length "$WORK/ls.json")" "$TOTAL"
expect_eq "ls --json: full keys" "$(jq -r --arg k "${KEY[bob1]}" '.[] | select(.key == $k) | .key' "$WORK/ls.json")" "${KEY[bob1]}"
expect_eq "ls --json: times in ms" "$(jq --arg k "${KEY[bob1]}" '.[] | select(.key == $k) | .created_ms' "$WORK/ls.json")" "${CREATED[bob1]}"
expect_eq "ls --json: expired flags" "$(jq '[.[] | select(.expired)] | length' "$WORK/ls.json")" "$(count_expired)"
expect_eq "ls --json: no user is null" "$(jq --arg k "${KEY[anon1]}" '.[] | select(.key == $k) | .user' "$WORK/ls.json")" null
jq -j --arg k "${KEY[utf1]}" '.[] | select(.key == $k) | .user' "$WORK/ls.json" >"$WORK/got"
printf '%s' "$USER_UTF8" >"$WORK/want"
expect_file_eq "ls --json: a UTF-8 user id with quotes and backslashes round-trips" "$WORK/got" "$WORK/want"
jq -j --arg k "${KEY[odd1]}" '.[] | select(.key == $k) | .user.base64' "$WORK/ls.json" | base64 -d >"$WORK/got"
printf '%s' "$USER_ODD" >"$WORK/want"
expect_file_eq "ls --json: a non-UTF-8 user id round-trips as base64" "$WORK/got" "$WORK/want"

tsr ls "$STORE" --user alice --json
expect_eq "ls --user --json: only the user's sessions" "$(printf '%s' "$OUT" | jq '[.[] | select(.user == "alice")] | length')" "$(count_alive alice)"

# ---- show -------------------------------------------------------------------

field() { printf '%s\n' "$OUT" | awk -v f="$1" '$1 == f { print $2 }'; }

tsr show "$STORE" "${KEY[alice1]:0:8}"
expect_eq "show by 8-character prefix: exit 0" "$RC" 0
expect_eq "show by prefix: the full key" "$(field key)" "${KEY[alice1]}"
expect_eq "show: user" "$(field user)" alice
expect_eq "show: created" "$(field created)" "$(iso "${CREATED[alice1]}")"
expect_eq "show: expires" "$(field expires)" "$(iso "${EXPIRES[alice1]}")"
expect_eq "show: idle timeout" "$(field idle_timeout)" 3600
expect_eq "show: live state" "$(field state)" live
expect_eq "show: payload size" "$(field payload_bytes)" "${#PAYLOAD[alice1]}"
expect_eq "show: no payload without --payload" "$(printf '%s\n' "$OUT" | grep -c '^payload ')" 0

tsr show "$STORE" --id "${SID[alice1]}"
expect_eq "show --id: exit 0" "$RC" 0
expect_eq "show --id: the session of that ID" "$(field key)" "${KEY[alice1]}"
expect_lacks "show --id: the raw ID is not printed" "$OUT$ERR" "${SID[alice1]}"

"$TESSERA" show "$STORE" --id - <<<"${SID[bob1]}" >"$WORK/out" 2>&1
cat "$WORK/out" >>"$ALLOUT"
expect_eq "show --id - reads the ID from stdin" "$(awk '$1 == "key" { print $2 }' "$WORK/out")" "${KEY[bob1]}"

tsr show "$STORE" "${KEY[bob1]^^}"
expect_eq "show by full upper-case key: exit 0" "$RC" 0
expect_eq "show: profile count" "$(field profiles)" 1
expect_eq "show: profile escaped into one word" "$(field profile)" 'Mozilla/5.0\x20(X11)'
expect_eq "show: absolute expiry" "$(field absolute_expiry)" "$(iso $((CREATED[bob1] + 86400000)))"
expect_eq "show: csrf secret reported as absent" "$(field csrf_secret)" absent

tsr show "$STORE" "${KEY[alice3]:0:10}"
expect_eq "show: an expired session says so" "$(field state)" expired

tsr show "$STORE" "${KEY[alice1]:0:12}" --payload
expect_eq "show --payload: the payload" "$(field payload)" "${PAYLOAD[alice1]}"

tsr show "$STORE" "${KEY[alice2]:0:12}" --payload
expect_eq "show --payload: control bytes escaped" "$(field payload)" 'line1\x0aline2\x09"quoted"\x20\x5c\x20end'

tsr show "$STORE" "${KEY[alice2]:0:12}" --json --payload
printf '%s' "$OUT" | jq -j .payload >"$WORK/got"
printf '%s' "$PAYLOAD_ODD" >"$WORK/want"
expect_file_eq "show --json --payload: the payload round-trips" "$WORK/got" "$WORK/want"
expect_eq "show --json: fields" "$(printf '%s' "$OUT" | jq -r '[.key, .user, .state, .generation, .payload_bytes] | join(" ")')" \
	"${KEY[alice2]} alice live 1 ${#PAYLOAD_ODD}"

tsr show "$STORE" "${KEY[alice2]:0:12}" --json
expect_eq "show --json without --payload: no payload member" "$(printf '%s' "$OUT" | jq 'has("payload")')" false

tsr show "$STORE" "${KEY[twin1]:0:8}"
expect_eq "show with an ambiguous prefix: exit 1" "$RC" 1
expect_match "show with an ambiguous prefix: says so" "$ERR" "^tessera: show: key prefix '${KEY[twin1]:0:8}' matches more than one session"
expect_eq "show with an ambiguous prefix: nothing on stdout" "$OUT" ""

tsr show "$STORE" "${KEY[twin1]}"
expect_eq "show: the full key of one twin is unambiguous" "$(field key)" "${KEY[twin1]}"

tsr show "$STORE" "$UNKNOWN_PREFIX"
expect_eq "show with an unknown prefix: exit 1" "$RC" 1
expect_match "show with an unknown prefix: says so" "$ERR" "^tessera: show: no session key starts with '$UNKNOWN_PREFIX'"

BAD_ID='cliTestBad/ID.with+wrong*chars!'
tsr show "$STORE" --id "$BAD_ID"
expect_eq "show --id malformed: exit 1" "$RC" 1
expect_match "show --id malformed: the library's message" "$ERR" "^tessera: show: --id: malformed session id$"
expect_lacks "show --id malformed: the ID is not echoed" "$ERR" "$BAD_ID"

UNKNOWN_SID=$(sid_of cliTestNeverStored)
tsr show "$STORE" --id "$UNKNOWN_SID"
expect_eq "show --id unknown: exit 1" "$RC" 1
expect_match "show --id unknown: session not found" "$ERR" "^tessera: show: session not found$"

# ---- stats ------------------------------------------------------------------

want_bytes=0
for name in "${NAMES[@]}"; do want_bytes=$((want_bytes + BYTES[$name])); done

tsr stats "$STORE"
expect_eq "stats: exit 0" "$RC" 0
expect_eq "stats: counts, expired and bytes" "$OUT" "sessions $TOTAL
expired $(count_expired)
bytes $want_bytes"

tsr stats "$STORE" --json
expect_eq "stats --json" "$(printf '%s' "$OUT" | jq -r '"\(.sessions) \(.expired) \(.bytes)"')" "$TOTAL $(count_expired) $want_bytes"

# ---- under valgrind ---------------------------------------------------------

vg ls "$STORE"
expect_eq "valgrind: ls is clean" "$RC" 0
expect_eq "valgrind: ls lists every session" "$(printf '%s\n' "$OUT" | wc -l)" "$TOTAL"

vg show "$STORE" "${KEY[odd1]:0:8}" --json --payload
expect_eq "valgrind: show --json --payload is clean" "$RC" 0

# ---- gc (under valgrind) ----------------------------------------------------

expired_before=$(count_expired)
vg gc "$STORE"
expect_eq "valgrind: gc is clean" "$RC" 0
expect_eq "gc: deletes exactly the expired sessions" "$OUT" "deleted $expired_before"
for name in "${NAMES[@]}"; do
	if [ "${EXPIRED[$name]}" = 1 ]; then ALIVE[$name]=0; fi
done
gone=0 kept=0
for name in "${NAMES[@]}"; do
	if [ "${EXPIRED[$name]}" = 1 ] && [ ! -e "$(rec_file "$name")" ]; then gone=$((gone + 1)); fi
	if [ "${EXPIRED[$name]}" = 0 ] && [ -e "$(rec_file "$name")" ]; then kept=$((kept + 1)); fi
done
expect_eq "gc: the expired sessions' files are gone" "$gone" "$expired_before"
expect_eq "gc: the live sessions' files are kept" "$kept" "$((TOTAL - expired_before))"

tsr ls "$STORE"
expect_eq "gc: ls count down by the expired ones" "$(printf '%s\n' "$OUT" | wc -l)" "$((TOTAL - expired_before))"

tsr gc "$STORE"
expect_eq "gc again: nothing left to delete" "$OUT" "deleted 0"

tsr stats "$STORE"
expect_eq "stats after gc: nothing expired" "$(printf '%s\n' "$OUT" | awk '$1 == "expired" { print $2 }')" 0

# ---- revoke -----------------------------------------------------------------

before=$(count_alive)
tsr revoke "$STORE" "${KEY[alice1]:0:12}"
expect_eq "revoke by prefix: exit 0" "$RC" 0
expect_eq "revoke by prefix: reports it" "$OUT" "revoked 1"
expect_eq "revoke by prefix: the record file is gone" "$([ -e "$(rec_file alice1)" ] && echo present || echo gone)" gone
ALIVE[alice1]=0
tsr ls "$STORE"
expect_eq "revoke: ls count down by one" "$(printf '%s\n' "$OUT" | wc -l)" "$((before - 1))"
tsr show "$STORE" "${KEY[alice1]}"
expect_eq "revoke: show of the revoked key fails" "$RC" 1
expect_match "revoke: show of the revoked key says not found" "$ERR" "session not found"

vg revoke "$STORE" --id "${SID[bob1]}"
expect_eq "revoke --id (under valgrind): exit 0" "$RC" 0
expect_eq "revoke --id: reports it" "$OUT" "revoked 1"
expect_eq "revoke --id: the record file is gone" "$([ -e "$(rec_file bob1)" ] && echo present || echo gone)" gone
ALIVE[bob1]=0

tsr revoke "$STORE" --id "${SID[bob1]}"
expect_eq "revoke --id of a revoked session: exit 1" "$RC" 1
expect_match "revoke --id of a revoked session: not found" "$ERR" "^tessera: revoke: session not found$"

tsr revoke "$STORE" "${KEY[twin1]:0:8}"
expect_eq "revoke with an ambiguous prefix: exit 1" "$RC" 1
expect_eq "revoke with an ambiguous prefix: both twins kept" \
	"$([ -e "$(rec_file twin1)" ] && [ -e "$(rec_file twin2)" ] && echo kept)" kept

# waiting_for_flock PID: prints "yes" once PID shows in /proc/locks as blocked
# on a flock ("-> FLOCK"), "no" if it exits first or 20 s pass. The loop
# observes the kernel's state; it does not guess a delay.
waiting_for_flock() {
	local i
	for ((i = 0; i < 2000; i++)); do
		if grep -Eq "^[0-9]+: -> FLOCK +ADVISORY +WRITE +$1 " /proc/locks; then
			echo yes
			return
		fi
		kill -0 "$1" 2>/dev/null || break
		sleep 0.01
	done
	echo no
}

# A session locked by another process: revoke waits for it, up to --wait.
coproc HOLD { exec "$FIXTURE" hold "$STORE" "${SID[anon1]}"; }
HOLD_IN=${HOLD[1]}
HOLDER=$HOLD_PID # bash unsets HOLD_PID once the coprocess is reaped
read -r -t 30 ready <&"${HOLD[0]}"
expect_eq "lock holder: holds anon1's lock" "${ready:-}" locked
tsr revoke "$STORE" "${KEY[anon1]}" --wait 0
expect_eq "revoke of a locked session with --wait 0: exit 1" "$RC" 1
expect_match "revoke of a locked session: lock wait limit reported" "$ERR" "^tessera: revoke: .*lock"
expect_eq "revoke of a locked session: the session is kept" "$([ -e "$(rec_file anon1)" ] && echo kept)" kept
"$TESSERA" revoke "$STORE" "${KEY[anon1]}" --wait 20 >"$WORK/bg.out" 2>"$WORK/bg.err" &
BG=$!
expect_eq "revoke of a locked session: blocks in the kernel waiting for the lock" "$(waiting_for_flock "$BG")" yes
eval "exec $HOLD_IN>&-" # EOF on the holder's stdin: it releases the lock and exits
wait "$HOLDER" || true
wait "$BG"
expect_eq "revoke waiting for a lock: succeeds once it is released" "$?:$(cat "$WORK/bg.out")" "0:revoked 1"
expect_eq "revoke waiting for a lock: the record file is gone" "$([ -e "$(rec_file anon1)" ] && echo present || echo gone)" gone
ALIVE[anon1]=0
cat "$WORK/bg.out" "$WORK/bg.err" >>"$ALLOUT"

# ---- revoke-user ------------------------------------------------------------

alice_left=$(count_alive alice)
others=$(($(count_alive) - alice_left))
vg revoke-user "$STORE" alice
expect_eq "revoke-user (under valgrind): exit 0" "$RC" 0
expect_eq "revoke-user: reports how many" "$OUT" "revoked $alice_left"
for name in "${NAMES[@]}"; do
	if [ "${USER[$name]}" == alice ]; then ALIVE[$name]=0; fi
done
tsr ls "$STORE" --user alice
expect_eq "revoke-user: none of the user's sessions is left" "$OUT" ""
tsr ls "$STORE"
expect_eq "revoke-user: other users' sessions are kept" "$(printf '%s\n' "$OUT" | grep -c .)" "$others"

tsr revoke-user "$STORE" nobody
expect_eq "revoke-user of a user without sessions: exit 0" "$RC" 0
expect_eq "revoke-user of a user without sessions: revoked 0" "$OUT" "revoked 0"

coproc HOLD { exec "$FIXTURE" hold "$STORE" "${SID[carol1]}"; }
HOLD_IN=${HOLD[1]}
HOLDER=$HOLD_PID
read -r -t 30 ready <&"${HOLD[0]}"
expect_eq "lock holder: holds carol1's lock" "${ready:-}" locked
tsr revoke-user "$STORE" carol --wait 0
expect_eq "revoke-user with one session locked: exit 1" "$RC" 1
expect_eq "revoke-user with one session locked: revokes the others" "$OUT" "revoked 1"
expect_match "revoke-user with one session locked: reports the lock" "$ERR" "^tessera: revoke-user: .*lock"
expect_eq "revoke-user with one session locked: the locked one is kept" \
	"$([ -e "$(rec_file carol1)" ] && [ ! -e "$(rec_file carol2)" ] && echo yes)" yes
eval "exec $HOLD_IN>&-"
wait "$HOLDER" || true
tsr revoke-user "$STORE" carol
expect_eq "revoke-user once the lock is released: revokes the rest" "$OUT" "revoked 1"
ALIVE[carol1]=0 ALIVE[carol2]=0

# ---- output errors ---------------------------------------------------------

"$TESSERA" ls "$STORE" >/dev/full 2>"$WORK/err"
expect_eq "ls to a full disk: exit 1" "$?" 1
expect_match "ls to a full disk: write error reported" "$(cat "$WORK/err")" "^tessera: ls: write error"

# ---- damaged records --------------------------------------------------------

truncate -s 10 "$(rec_file odd1)"
tsr ls "$STORE"
expect_eq "ls with a damaged record: exit 1" "$RC" 1
expect_match "ls with a damaged record: names it" "$ERR" "^tessera: ls: session ${KEY[odd1]:0:16}: "
expect_eq "ls with a damaged record: lists the others" "$(printf '%s\n' "$OUT" | grep -c .)" "$(($(count_alive) - 1))"

cp --preserve=timestamps "$(rec_file twin1)" "$(rec_file twin2)"
tsr show "$STORE" "${KEY[twin2]}"
expect_eq "show of a record stored under another key: exit 1" "$RC" 1
expect_match "show of a record stored under another key: says so" "$ERR" "^tessera: show: record belongs to another session key$"

# ---- secrecy ----------------------------------------------------------------

leaks=0
for name in "${NAMES[@]}"; do
	if grep -qF -- "${SID[$name]}" "$ALLOUT"; then leaks=$((leaks + 1)); fi
done
expect_eq "no raw session ID was printed by any command" "$leaks" 0

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
