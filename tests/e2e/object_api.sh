#!/usr/bin/env bash
# Tessera's object API (Tessera\Store, SessionManager, Session) end to end:
# nginx -> php-fpm 8.2 -> ext/modules/tessera.so -> a store, all on
# 127.0.0.1, once on the files store and once on the redis store, in one
# run. The pages (tests/e2e/www/oa_*.php) open the store named by the pool's
# environment variable TSR_E2E_STORE: a directory under the run directory,
# or redis://127.0.0.1:6390?prefix=oa<run id><scenario>: (the server of
# scripts/redis-test-servers.sh; its keys are deleted at the end). They
# send the Set-Cookie value SessionManager::commit() returns themselves;
# the cookie is TESSERA, regenerate_grace is TSR_E2E_GRACE (2 s).
#
# Each scenario gets its own php-fpm + nginx (tests/e2e/lib.sh, shared with
# run.sh and redis.sh). Requests are ordered by events, never by sleeping:
# pages report "read <pid> <time>" through FIFOs and wait for a release
# file; the one time-based wait (the end of the regeneration grace) polls
# the clock up to the deadline the page reported.
#
# Scenarios, on each store (each check prints "ok" or "FAIL" with what it saw):
#   a  20 concurrent OnWrite requests, each holding the session 100 ms and
#      incrementing one counter: all answer, the counter is exactly 20, and
#      the whole takes well under the 2 s a serial run would (< 1.2 s); the
#      record is in the store the pool names
#   b  two OnWrite requests that have both read the session before either
#      commits set different keys: both keys survive; control: under
#      LockMode::None the same overlap keeps only one of them
#   c  a login regenerates the ID while 10 AJAX requests (OnWrite, the old
#      cookie) that read the session before it are in flight: all 10 answer
#      200, saw the data, commit into the new session (10 increments) and
#      are sent the new ID; the old cookie sent inside the grace (2 s) is
#      forwarded (onZombie); after the grace it is refused: onInvalidId
#      "forwarded id after grace", a new session without the old data (its
#      increment starts from 0), sent as a new cookie; the new ID keeps 10
#   d  fingerprint_ua = strict: the same cookie from another User-Agent gets
#      a new session without the old data; without a callback the policy
#      refuses ("profile changed") and destroys the session; an
#      onProfileChange callback is asked (with the known user agents) and
#      refuses or accepts (then the session and its data stay)
#   e  the README's complete small example (examples/object_api/index.php,
#      served by php -S with the extension, driven by curl with cookie jars):
#      a missing or forged CSRF token is refused with 403; a login with the
#      page's token redirects and changes the session ID; the flash shows on
#      the next page only; a second browser's session is listed under "your
#      devices" and revoking it logs that browser out; logout redirects with
#      an expiring cookie and the old ID is dead; the PHP log holds nothing
#      but the example's onInvalidId lines
#   f  drop-in (session.save_handler = tessera, tessera.regenerate_grace =
#      30, the store as session.save_path): session_regenerate_id() makes
#      PHP send the new ID as Set-Cookie and keeps the data; it rotates the
#      CSRF secret (Tessera\csrf_verify() accepts the old token before it,
#      refuses it after, and on the new ID); the old ID inside the grace
#      forwards to the new session and is sent the new cookie
#
# Ends with one line "e2e-object-api: N passed, N failed" (after one line
# per store); exits 1 if any check failed. When no Redis server answers,
# the redis store is a failure if TSR_REDIS_REQUIRED=1, else it is reported
# as skipped (and counts nothing).
#
# Environment: as tests/e2e/run.sh (E2E_EXT, E2E_PHP_FPM, E2E_NGINX,
# E2E_WORKERS (at least 21), E2E_ONLY, E2E_KEEP), plus OA_STORES ("files
# redis": the stores to run), TSR_REDIS_REQUIRED, and the variables of
# scripts/redis-test-servers.sh (TSR_REDIS_DIR, TSR_REDIS_PORT). While the
# redis store runs it holds the servers' tests.lock, as tests/e2e/redis.sh
# does.
set -uo pipefail

E2E_NAME=e2e-object-api
E2E_HANDLER=tessera # the pages need the extension, whatever E2E_HANDLER says
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OA_STORES=${OA_STORES:-files redis}
TSR_REDIS_REQUIRED=${TSR_REDIS_REQUIRED:-0}
OA_GRACE=2          # regenerate_grace of the pages' manager, seconds
OA_COOKIE=TESSERA   # the manager's default cookie name
STORE=              # the store the running scenarios use: files or redis
PREFIX_BASE=        # "oa<run id>", the redis keys' prefix
OA_DSN=             # the running scenario's store
NEW_SID=            # the ID new_session made
REDIS_USED=0
REDIS_WHY=
LOCK_FD=

# --- helpers (and rcli, storage_key, delete_prefix: tests/e2e/lib.sh) --------

# oa_stack LETTER: starts the stack of scenario LETTER on $STORE, its pages'
# store being a directory of its own or a redis prefix of its own.
oa_stack()
{
	local dsn
	if [[ $STORE == files ]]; then
		dsn=$RUN/store-files-$1
		mkdir -p "$dsn" && chmod 0700 "$dsn"
	else
		dsn="redis://127.0.0.1:$REDIS_PORT?prefix=$PREFIX_BASE$1:"
	fi
	OA_DSN=$dsn
	FPM_ENV=("TSR_E2E_STORE=$dsn" "TSR_E2E_GRACE=$OA_GRACE")
	stack_start "${STORE}_$1"
	local rc=$?
	FPM_ENV=()
	return "$rc"
}

# in_store SID: succeeds when the scenario's store ($OA_DSN) holds the
# record of SID (files: <dir>/<k:0:2>/<k:2:2>/<k>.rec; redis:
# <prefix>{<k>}:rec, and no <prefix>{<k>}:lock is left).
in_store()
{
	local key
	key=$(storage_key "$1")
	if [[ $STORE == files ]]; then
		[[ -f $OA_DSN/${key:0:2}/${key:2:2}/$key.rec ]]
	else
		local prefix=${OA_DSN##*prefix=}
		[[ $(rcli "$REDIS_PORT" exists "$prefix{$key}:rec") == 1 &&
			$(rcli "$REDIS_PORT" exists "$prefix{$key}:lock") == 0 ]]
	fi
}

# req_bg NAME [CURL ARGS...] URL: req in the background; "<code> <seconds>"
# goes to $S/out/NAME.res. $! is its pid.
req_bg()
{
	local name=$1
	req "$@" >"$S/out/$name.res" &
}

# res NAME: the "<code> <seconds>" of a req_bg request.
res()
{
	cat "$S/out/$1.res" 2>/dev/null
}

# body NAME: the body of request NAME on one line, for failure details.
body()
{
	tr '\n' ' ' <"$S/out/$1.body" 2>/dev/null
}

# cookie NAME: the value of the TESSERA cookie request NAME was sent.
cookie()
{
	set_cookie_value "$S/out/$1.hdr" "$OA_COOKIE"
}

# new_session NAME URL-QUERY [CURL ARGS...]: creates a session with
# oa_set.php?URL-QUERY; sets NEW_SID to its ID, or fails one check.
new_session()
{
	local name=$1 query=$2 out sid
	shift 2
	NEW_SID=
	out=$(req "$name" "$@" "$BASE/oa_set.php?$query")
	sid=$(cookie "$name")
	if [[ $out != 200* || ! $sid =~ $SID_RE || $(kv "$S/out/$name.body" id) != "$sid" ||
		$(kv "$S/out/$name.body" new) != 1 ]]; then
		fail "$STORE ${name%%_*}: a new session is created ($query) and its cookie sent" \
			"HTTP $out; Set-Cookie $OA_COOKIE='$sid'; body: $(body "$name")"
		return 1
	fi
	NEW_SID=$sid
}

# read_events COUNT: reads COUNT "read ..." lines from the open FIFO (20 s
# for each at most); the lines go to READ_LINES. Fails if one is missing.
read_events()
{
	local i line
	READ_LINES=()
	for ((i = 0; i < $1; i++)); do
		if ! read -r -t 20 line <&"$FIFO_FD" || [[ $line != read* ]]; then
			return 1
		fi
		READ_LINES+=("$line")
	done
}

# --- a: 20 concurrent OnWrite increments -------------------------------------

scenario_a()
{
	echo "$STORE a: 20 concurrent OnWrite requests, each holding the session 100 ms, increment one counter"
	oa_stack a || return
	local sid c t0 t1 wall pids=() code ok=0 held=0 same=0 bad=()
	new_session a_new 'k=owner&v=a' || return
	sid=$NEW_SID
	t0=$(now)
	for c in $(seq 1 20); do
		req_bg "a_$c" -H "Cookie: $OA_COOKIE=$sid" "$BASE/oa_incr.php?k=n&hold_ms=100"
		pids+=($!)
	done
	for c in "${pids[@]}"; do
		wait "$c"
	done
	t1=$(now)
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
	for c in $(seq 1 20); do
		read -r code _ < <(res "a_$c")
		local f=$S/out/a_$c.body
		if [[ $code == 200 && -n $(kv "$f" n) ]]; then
			ok=$((ok + 1))
		else
			bad+=("request $c: HTTP $code: $(body "a_$c")")
		fi
		[[ $(kv "$f" id) == "$sid" && $(kv "$f" new) == 0 && -z $(kv "$f" invalid) ]] && same=$((same + 1))
		lt 0.0995 "$(awk -v a="$(kv "$f" t_read)" -v b="$(kv "$f" t_commit)" 'BEGIN { print b - a }')" &&
			held=$((held + 1))
	done
	check "$STORE a: all 20 answered 200 with a value, on the same session" \
		"$ok answered 200, $same on session ${sid:0:6}...; ${bad[*]:0:3}" \
		eval '((ok == 20 && same == 20))'
	check "$STORE a: each request held the session 100 ms between reading it and committing" \
		"$held of 20 held it at least 100 ms" test "$held" -eq 20
	# How many requests had read and not yet committed at once, at most.
	local most
	most=$(for c in $(seq 1 20); do
		printf '%s 1\n%s -1\n' "$(kv "$S/out/a_$c.body" t_read)" "$(kv "$S/out/a_$c.body" t_commit)"
	done | sort -g | awk '{ n += $2; if (n > m) m = n } END { print m + 0 }')
	check "$STORE a: the 20 requests took $(ms "$wall") in all (serially: 2000 ms), under 1200 ms; up to $most in flight at once" \
		"wall time $(ms "$wall") from the first request sent to the last answer" \
		lt "$wall" 1.2
	local out n
	out=$(req a_final -H "Cookie: $OA_COOKIE=$sid" "$BASE/oa_read.php")
	n=$(kv "$S/out/a_final.body" s.n)
	check "$STORE a: the counter is exactly 20 (no increment lost), the session's other data kept" \
		"HTTP $out; n=$n; body: $(body a_final)" \
		eval '[[ $out == 200* && $n == 20 && $(kv "$S/out/a_final.body" s.owner) == a && $(kv "$S/out/a_final.body" id) == "$sid" ]]'
	local nolock=
	[[ $STORE == redis ]] && nolock=", with no lock key left"
	check "$STORE a: the session's record is in the store the pool names ($OA_DSN)$nolock" \
		"no record of session ${sid:0:6}... (storage key $(storage_key "$sid")) there${nolock:+, or a lock key is left}" \
		in_store "$sid"
	no_php_errors "$STORE a"
	stack_stop
}

# --- b: two overlapping OnWrite requests set different keys ------------------

# b_overlap MODE K1 K2: two oa_set.php requests in MODE on session $sid set
# K1 and K2; both report that they have read before either is released.
# Sets B_READ (1 when both had read), B_T_READ (the later read) and
# B_T_COMMIT (the earlier commit).
b_overlap()
{
	local mode=$1 k1=$2 k2=$3 p1 p2
	B_READ=0 B_T_READ='' B_T_COMMIT=''
	fifo_open "b_read_$mode" || return 1
	req_bg "b_${mode}_$k1" -H "Cookie: $OA_COOKIE=$sid" \
		"$BASE/oa_set.php?mode=$mode&k=$k1&v=set_$k1&ev=b_read_$mode&release=b_go_$mode"
	p1=$!
	req_bg "b_${mode}_$k2" -H "Cookie: $OA_COOKIE=$sid" \
		"$BASE/oa_set.php?mode=$mode&k=$k2&v=set_$k2&ev=b_read_$mode&release=b_go_$mode"
	p2=$!
	read_events 2 && B_READ=1
	fifo_close
	: >"$S/events/b_go_$mode"
	wait "$p1"
	wait "$p2"
	if ((B_READ)); then
		B_T_READ=$(printf '%s\n' "${READ_LINES[@]}" | awk '{ print $3 }' | sort -g | tail -n 1)
	fi
	B_T_COMMIT=$(printf '%s\n%s\n' "$(kv "$S/out/b_${mode}_$k1.body" t_commit)" \
		"$(kv "$S/out/b_${mode}_$k2.body" t_commit)" | sort -g | head -n 1)
}

scenario_b()
{
	echo "$STORE b: two OnWrite requests that overlap set different keys"
	oa_stack b || return
	local sid out f
	new_session b_new 'k=base&v=kept' || return
	sid=$NEW_SID
	b_overlap on_write x y
	check "$STORE b: both requests read the session before either committed" \
		"both read: $B_READ; last read at ${B_T_READ:-?}, first commit at ${B_T_COMMIT:-?}" \
		eval '((B_READ)) && lt "$B_T_READ" "$B_T_COMMIT"'
	local r1 r2
	r1=$(res b_on_write_x)
	r2=$(res b_on_write_y)
	check "$STORE b: both answered 200, neither saw the other's key when it read" \
		"x: HTTP $r1, $(body b_on_write_x); y: HTTP $r2, $(body b_on_write_y)" \
		eval '[[ $r1 == 200* && $r2 == 200* && -z $(kv "$S/out/b_on_write_x.body" r.y) && -z $(kv "$S/out/b_on_write_y.body" r.x) && $(kv "$S/out/b_on_write_x.body" r.base) == kept ]]'
	out=$(req b_final -H "Cookie: $OA_COOKIE=$sid" "$BASE/oa_read.php")
	f=$S/out/b_final.body
	check "$STORE b: both keys survive (x=set_x, y=set_y), and base=kept" \
		"HTTP $out; body: $(body b_final)" \
		eval '[[ $out == 200* && $(kv "$f" s.x) == set_x && $(kv "$f" s.y) == set_y && $(kv "$f" s.base) == kept && $(kv "$f" id) == "$sid" ]]'
	# The control: without a merge the same overlap loses one of the two.
	b_overlap none p q
	out=$(req b_final_none -H "Cookie: $OA_COOKIE=$sid" "$BASE/oa_read.php")
	f=$S/out/b_final_none.body
	local kept
	kept=$( (kv "$f" s.p; kv "$f" s.q) | grep -c .)
	check "$STORE b: control: under LockMode::None the same overlap keeps only one key (last writer wins)" \
		"both read: $B_READ; HTTP $out; p='$(kv "$f" s.p)' q='$(kv "$f" s.q)'; $kept kept" \
		eval '((B_READ)) && [[ $out == 200* && $kept == 1 && $(kv "$f" s.x) == set_x ]]'
	no_php_errors "$STORE b"
	stack_stop
}

# --- c: regeneration with requests in flight, then after the grace -----------

scenario_c()
{
	echo "$STORE c: a login regenerates the ID while 10 AJAX requests with the old cookie are in flight (grace $OA_GRACE s)"
	oa_stack c || return
	local old new out i pids=() f
	new_session c_new 'k=v&v=before' || return
	old=$NEW_SID
	fifo_open c_read || return
	for i in $(seq 1 10); do
		req_bg "c_ajax_$i" -H "Cookie: $OA_COOKIE=$old" "$BASE/oa_incr.php?k=hits&ev=c_read&release=c_go"
		pids+=($!)
	done
	if ! read_events 10; then
		fifo_close
		: >"$S/events/c_go"
		for i in "${pids[@]}"; do wait "$i"; done
		fail "$STORE c: the 10 AJAX requests read the session" \
			"${#READ_LINES[@]} reported; $(res c_ajax_1) $(body c_ajax_1)"
		return
	fi
	fifo_close
	# All 10 have read the session under the old ID; now the login.
	out=$(req c_login -H "Cookie: $OA_COOKIE=$old" "$BASE/oa_login.php?user=alice")
	f=$S/out/c_login.body
	new=$(cookie c_login)
	local t_start t_regen
	t_start=$(kv "$f" t_regen_start)
	t_regen=$(kv "$f" t_regen)
	check "$STORE c: the login regenerates the ID (${old:0:6}... -> ${new:0:6}...) and sends it" \
		"HTTP $out; Set-Cookie $OA_COOKIE='$new'; body: $(body c_login)" \
		eval '[[ $out == 200* && $new =~ $SID_RE && $new != "$old" && $(kv "$f" old_id) == "$old" && $(kv "$f" id) == "$new" && -n $t_regen ]]'
	: >"$S/events/c_go"
	for i in "${pids[@]}"; do
		wait "$i"
	done
	local code ok=0 saw=0 moved=0 last=0 details=()
	for i in $(seq 1 10); do
		f=$S/out/c_ajax_$i.body
		read -r code _ < <(res "c_ajax_$i")
		[[ $code == 200 && $(kv "$f" released) == 1 ]] && ok=$((ok + 1))
		[[ $(kv "$f" r.v) == before && -z $(kv "$f" r.user) ]] && saw=$((saw + 1))
		[[ $(cookie "c_ajax_$i") == "$new" && $(kv "$f" id) == "$new" && $(kv "$f" new) == 0 ]] && moved=$((moved + 1))
		last=$(printf '%s\n%s\n' "$last" "$(kv "$f" t_end)" | sort -g | tail -n 1)
		[[ $code == 200 ]] || details+=("request $i: HTTP $code $(body "c_ajax_$i")")
	done
	check "$STORE c: all 10 in-flight requests answered 200" "$ok answered 200; ${details[*]:0:3}" test "$ok" -eq 10
	check "$STORE c: all 10 saw the data they read under the old ID (v=before)" "$saw of 10; e.g. $(body c_ajax_1)" test "$saw" -eq 10
	check "$STORE c: all 10 committed into the new session and were sent the new ID by Set-Cookie" \
		"$moved of 10; e.g. Set-Cookie '$(cookie c_ajax_1)', body: $(body c_ajax_1)" test "$moved" -eq 10
	local grace_end
	grace_end=$(awk -v t="$t_start" -v g="$OA_GRACE" 'BEGIN { printf "%.6f", t + g }')
	check "$STORE c: they finished inside the grace ($(awk -v a="$last" -v b="$t_regen" 'BEGIN { printf "%.0f ms", (a - b) * 1000 }') after the regeneration; grace $OA_GRACE s)" \
		"last answer at $last, grace ends at $grace_end or later" lt "$last" "$grace_end"
	# The old cookie once more, inside the grace: forwarded.
	out=$(req c_zombie -H "Cookie: $OA_COOKIE=$old" "$BASE/oa_read.php")
	f=$S/out/c_zombie.body
	check "$STORE c: the old cookie inside the grace is forwarded to the new session (onZombie), sent the new ID" \
		"HTTP $out; Set-Cookie '$(cookie c_zombie)'; grace ends at $grace_end; body: $(body c_zombie)" \
		eval '[[ $out == 200* && $(kv "$f" id) == "$new" && $(kv "$f" zombie) == 1 && $(cookie c_zombie) == "$new" && $(kv "$f" s.user) == alice ]] && lt "$(kv "$f" t_end)" "$grace_end"'
	out=$(req c_new_id -H "Cookie: $OA_COOKIE=$new" "$BASE/oa_read.php")
	f=$S/out/c_new_id.body
	check "$STORE c: the new ID holds v=before, user=alice and hits=10 (every in-flight increment)" \
		"HTTP $out; body: $(body c_new_id)" \
		eval '[[ $out == 200* && $(kv "$f" id) == "$new" && $(kv "$f" s.v) == before && $(kv "$f" s.user) == alice && $(kv "$f" s.hits) == 10 && -z $(kv "$f" invalid) && -z $(cookie c_new_id) ]]'

	# After the grace (the forward ends at most $OA_GRACE s after t_regen).
	local after
	after=$(awk -v t="$t_regen" -v g="$OA_GRACE" 'BEGIN { printf "%.6f", t + g + 0.005 }')
	if ! wait_until "$after" 30; then
		fail "$STORE c: the grace ends within 30 s" "it ends at $after, now is $(now)"
		return
	fi
	out=$(req c_late -H "Cookie: $OA_COOKIE=$old" "$BASE/oa_incr.php?k=hits")
	f=$S/out/c_late.body
	local late
	late=$(kv "$f" id)
	check "$STORE c: after the grace the old cookie is refused: onInvalidId 'forwarded id after grace', a new session (${late:0:6}...) without the old data" \
		"HTTP $out; Set-Cookie '$(cookie c_late)'; body: $(body c_late)" \
		eval '[[ $out == 200* && $late =~ $SID_RE && $late != "$old" && $late != "$new" && $(kv "$f" new) == 1 && $(kv "$f" invalid) == "forwarded id after grace" && $(kv "$f" zombie) == 0 && -z $(kv "$f" r.v) && -z $(kv "$f" r.user) && -z $(kv "$f" r.hits) && $(kv "$f" s.hits) == 1 && $(cookie c_late) == "$late" ]]'
	out=$(req c_new_after -H "Cookie: $OA_COOKIE=$new" "$BASE/oa_read.php")
	f=$S/out/c_new_after.body
	check "$STORE c: the new ID still holds hits=10 after that" \
		"HTTP $out; body: $(body c_new_after)" \
		eval '[[ $out == 200* && $(kv "$f" id) == "$new" && $(kv "$f" s.hits) == 10 && $(kv "$f" s.user) == alice ]]'
	no_php_errors "$STORE c"
	stack_stop
}

# --- d: another User-Agent under fingerprint_ua = strict ---------------------

UA_A='Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 e2e-A'
UA_B='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 e2e-B'

# d_get NAME SID UA [QUERY]: oa_read.php (OnWrite) with cookie SID and
# User-Agent UA; prints "<code> <seconds>".
d_get()
{
	req "$1" -H "Cookie: $OA_COOKIE=$2" -A "$3" "$BASE/oa_read.php?mode=on_write${4:+&$4}"
}

scenario_d()
{
	echo "$STORE d: another User-Agent with the same cookie (fingerprint_ua = strict)"
	oa_stack d || return
	local sid out f got
	new_session d_new 'k=v&v=secret' -A "$UA_A" || return
	sid=$NEW_SID
	out=$(d_get d_same "$sid" "$UA_A")
	f=$S/out/d_same.body
	check "$STORE d: control: the same User-Agent keeps the session and its data" \
		"HTTP $out; body: $(body d_same)" \
		eval '[[ $out == 200* && $(kv "$f" id) == "$sid" && $(kv "$f" s.v) == secret && -z $(kv "$f" invalid) ]]'

	out=$(d_get d_other "$sid" "$UA_B")
	f=$S/out/d_other.body
	got=$(kv "$f" id)
	check "$STORE d: another User-Agent, no callback: the policy refuses ('profile changed'), a new session (${got:0:6}...) without the old data" \
		"HTTP $out; body: $(body d_other)" \
		eval '[[ $out == 200* && $got =~ $SID_RE && $got != "$sid" && $(kv "$f" new) == 1 && -z $(kv "$f" s.v) && $(kv "$f" invalid) == "profile changed" && $(kv "$f" profile_change) == 0 ]]'
	out=$(d_get d_back "$sid" "$UA_A")
	f=$S/out/d_back.body
	check "$STORE d: the refused session was destroyed: the original User-Agent gets a new session too ('unknown id')" \
		"HTTP $out; body: $(body d_back)" \
		eval '[[ $out == 200* && $(kv "$f" id) != "$sid" && $(kv "$f" new) == 1 && -z $(kv "$f" s.v) && $(kv "$f" invalid) == "unknown id" ]]'

	new_session d_new2 'k=v&v=secret2' -A "$UA_A" || return
	sid=$NEW_SID
	out=$(d_get d_refuse "$sid" "$UA_B" profile_cb=refuse)
	f=$S/out/d_refuse.body
	check "$STORE d: a refusing onProfileChange is asked once, with the known User-Agent; a new session without the old data" \
		"HTTP $out; body: $(body d_refuse)" \
		eval '[[ $out == 200* && $(kv "$f" profile_change) == 1 && $(kv "$f" known_ua) == "$UA_A" && $(kv "$f" id) != "$sid" && $(kv "$f" new) == 1 && -z $(kv "$f" s.v) && $(kv "$f" invalid) == "profile changed" ]]'

	new_session d_new3 'k=v&v=secret3' -A "$UA_A" || return
	sid=$NEW_SID
	out=$(d_get d_accept "$sid" "$UA_B" profile_cb=accept)
	f=$S/out/d_accept.body
	check "$STORE d: an accepting onProfileChange keeps the session and its data for the new User-Agent" \
		"HTTP $out; body: $(body d_accept)" \
		eval '[[ $out == 200* && $(kv "$f" profile_change) == 1 && $(kv "$f" id) == "$sid" && $(kv "$f" s.v) == secret3 && -z $(kv "$f" invalid) ]]'
	out=$(d_get d_accepted "$sid" "$UA_B")
	f=$S/out/d_accepted.body
	check "$STORE d: the accepted User-Agent is known from then on (no callback needed)" \
		"HTTP $out; body: $(body d_accepted)" \
		eval '[[ $out == 200* && $(kv "$f" id) == "$sid" && $(kv "$f" s.v) == secret3 && -z $(kv "$f" invalid) ]]'
	no_php_errors "$STORE d"
	stack_stop
}

# --- e: the README's complete small example ----------------------------------

EX_PID=  # the php -S server of scenario e
EX_UA_A='e2e-example-A'
EX_UA_B='e2e-example-B'

# ex_start: serves examples/object_api/index.php (the README's example) with
# php -S on a free 127.0.0.1 port, the extension loaded, its store the
# scenario's ($OA_DSN, through TESSERA_STORE); sets BASE. Fails one check if
# it does not answer.
ex_start()
{
	local port
	S=$RUN/${STORE}_e
	mkdir -p "$S/out" "$S/logs"
	if [[ $STORE == files ]]; then
		OA_DSN=$RUN/store-files-e
		mkdir -p "$OA_DSN" && chmod 0700 "$OA_DSN"
	else
		OA_DSN="redis://127.0.0.1:$REDIS_PORT?prefix=${PREFIX_BASE}e:"
	fi
	port=$(free_port)
	BASE=http://127.0.0.1:$port
	if php_server_start "$S/logs/php-s.out" env TESSERA_STORE="$OA_DSN" \
		php -n -d "extension=$E2E_EXT" -d display_errors=0 -d log_errors=1 \
		-d "error_log=$S/logs/php-errors.log" -d error_reporting=-1 \
		-S "127.0.0.1:$port" "$ROOT/examples/object_api/index.php"; then
		EX_PID=$PHP_SERVER_PID
		return 0
	fi
	EX_PID=$PHP_SERVER_PID
	fail "$STORE e: php -S serves examples/object_api/index.php" "$(tail -n 5 "$S/logs/php-s.out")"
	return 1
}

ex_stop()
{
	php_server_stop "$EX_PID"
	EX_PID=
}

# ex_req NAME JAR UA [CURL ARGS...] PATH: one request to the example with
# the cookie jar JAR (read and written) and User-Agent UA.
ex_req()
{
	local name=$1 jar=$2 ua=$3
	shift 3
	local args=("$@")
	local path=${args[-1]}
	unset 'args[-1]'
	req "$name" -b "$jar" -c "$jar" -A "$ua" "${args[@]}" "$BASE$path"
}

# ex_csrf NAME: the first CSRF token in the body of request NAME.
ex_csrf()
{
	sed -n 's/.*name=csrf value="\([^"]*\)".*/\1/p' "$S/out/$1.body" | head -n 1
}

# ex_sid JAR: the session cookie (__Host-sid) the jar holds, if any.
ex_sid()
{
	awk '$6 == "__Host-sid" { v = $7 } END { print v }' "$1" 2>/dev/null
}

# ex_location NAME: the Location header of request NAME.
ex_location()
{
	tr -d '\r' <"$S/out/$1.hdr" | sed -n 's/^[Ll]ocation: //p' | tail -n 1
}

# ex_count NAME TEXT: how many times TEXT occurs in the body of request NAME.
ex_count()
{
	grep -o -F -- "$2" "$S/out/$1.body" 2>/dev/null | wc -l
}

# ex_login LABEL JAR UA: from a fresh page, logs in as alice with the page's
# token; sets EX_BEFORE (the ID before) and EX_AFTER (the ID after).
ex_login()
{
	local label=$1 jar=$2 ua=$3 tok out
	ex_req "${label}_form" "$jar" "$ua" / >/dev/null
	EX_BEFORE=$(ex_sid "$jar")
	tok=$(ex_csrf "${label}_form")
	out=$(ex_req "${label}_login" "$jar" "$ua" --data-urlencode "csrf=$tok" -d name=alice \
		--data-urlencode 'password=correct horse' /login)
	EX_AFTER=$(ex_sid "$jar")
	EX_LOGIN_OUT=$out
}

scenario_e()
{
	echo "$STORE e: the README's complete small example (examples/object_api/index.php under php -S)"
	ex_start || return
	local a=$S/out/a.jar b=$S/out/b.jar out tok forged f
	: >"$a"
	: >"$b"

	out=$(ex_req e_first "$a" "$EX_UA_A" /)
	tok=$(ex_csrf e_first)
	check "$STORE e: the first page shows the login form with a CSRF token, and sets __Host-sid" \
		"HTTP $out; cookie '$(ex_sid "$a")'; token '$tok'; body: $(body e_first)" \
		eval '[[ $out == 200* && $(ex_sid "$a") =~ $SID_RE && ${#tok} == 86 && $(ex_count e_first "action=/login") == 1 ]]'

	out=$(ex_req e_nocsrf "$a" "$EX_UA_A" -d name=alice --data-urlencode 'password=correct horse' /login)
	check "$STORE e: a login without a CSRF token is refused: 403, 'Your form expired', still logged out" \
		"HTTP $out; body: $(body e_nocsrf)" \
		eval '[[ $out == 403* && $(ex_count e_nocsrf "Your form expired") == 1 && $(ex_count e_nocsrf "Hello") == 0 ]]'
	# A token of the right shape for another secret: the first one with its
	# mask half kept and its other half replaced.
	forged=${tok:0:43}$(printf '%s' "${tok:43}" | tr 'A-Za-z0-9' 'B-Za-z0-9A')
	out=$(ex_req e_forged "$a" "$EX_UA_A" --data-urlencode "csrf=$forged" -d name=alice \
		--data-urlencode 'password=correct horse' /login)
	check "$STORE e: a login with a forged CSRF token is refused: 403, still logged out" \
		"HTTP $out; forged '$forged'; body: $(body e_forged)" \
		eval '[[ $out == 403* && $forged != "$tok" && ${#forged} == 86 && $(ex_count e_forged "Your form expired") == 1 && $(ex_count e_forged "Hello") == 0 ]]'

	ex_login e_a "$a" "$EX_UA_A"
	check "$STORE e: a login with the page's token answers 303 to / and moves the session to a new ID (${EX_BEFORE:0:6}... -> ${EX_AFTER:0:6}...)" \
		"HTTP $EX_LOGIN_OUT; Location '$(ex_location e_a_login)'; body: $(body e_a_login)" \
		eval '[[ $EX_LOGIN_OUT == 303* && $(ex_location e_a_login) == / && $EX_AFTER =~ $SID_RE && $EX_AFTER != "$EX_BEFORE" && -n $EX_BEFORE ]]'
	local sid_a=$EX_AFTER
	out=$(ex_req e_welcome "$a" "$EX_UA_A" /)
	check "$STORE e: the page after the redirect shows the flash 'Welcome back, Alice!' and one device (this one)" \
		"HTTP $out; body: $(body e_welcome)" \
		eval '[[ $out == 200* && $(ex_count e_welcome "Welcome back, Alice!") == 1 && $(ex_count e_welcome "Hello Alice") == 1 && $(ex_count e_welcome "(this device)") == 1 && $(ex_count e_welcome "<li>") == 1 ]]'
	out=$(ex_req e_again "$a" "$EX_UA_A" /)
	check "$STORE e: the flash is shown once: the next page is logged in without it" \
		"HTTP $out; body: $(body e_again)" \
		eval '[[ $out == 200* && $(ex_count e_again "Welcome back") == 0 && $(ex_count e_again "Hello Alice") == 1 ]]'

	ex_login e_b "$b" "$EX_UA_B"
	local sid_b=$EX_AFTER
	out=$(ex_req e_b_page "$b" "$EX_UA_B" /)
	check "$STORE e: a second device logs in as alice (${sid_b:0:6}...)" \
		"login HTTP $EX_LOGIN_OUT; page HTTP $out; body: $(body e_b_page)" \
		eval '[[ $EX_LOGIN_OUT == 303* && $sid_b =~ $SID_RE && $sid_b != "$sid_a" && $(ex_count e_b_page "Welcome back, Alice!") == 1 ]]'

	out=$(ex_req e_devices "$a" "$EX_UA_A" /)
	local handle_b
	handle_b=$(storage_key "$sid_b")
	check "$STORE e: 'your devices' lists both sessions: this one, and the other browser with a log-out form for its handle" \
		"HTTP $out; handle of B $handle_b; body: $(body e_devices)" \
		eval '[[ $out == 200* && $(ex_count e_devices "<li>") == 2 && $(ex_count e_devices "(this device)") == 1 && $(ex_count e_devices "$EX_UA_B from 127.0.0.1") == 1 && $(ex_count e_devices "name=handle value=\"$handle_b\"") == 1 ]]'
	tok=$(ex_csrf e_devices)
	out=$(ex_req e_revoke "$a" "$EX_UA_A" --data-urlencode "csrf=$tok" -d "handle=$handle_b" /devices/revoke)
	check "$STORE e: revoking the other device answers 303 to /" \
		"HTTP $out; Location '$(ex_location e_revoke)'; body: $(body e_revoke)" \
		eval '[[ $out == 303* && $(ex_location e_revoke) == / ]]'
	out=$(ex_req e_revoked "$a" "$EX_UA_A" /)
	check "$STORE e: then the page says 'Device logged out.' and lists one device" \
		"HTTP $out; body: $(body e_revoked)" \
		eval '[[ $out == 200* && $(ex_count e_revoked "Device logged out.") == 1 && $(ex_count e_revoked "<li>") == 1 && $(ex_count e_revoked "(this device)") == 1 ]]'
	out=$(ex_req e_b_gone "$b" "$EX_UA_B" /)
	check "$STORE e: the revoked device is logged out: the login form and a new session ID" \
		"HTTP $out; cookie '$(ex_sid "$b")'; body: $(body e_b_gone)" \
		eval '[[ $out == 200* && $(ex_count e_b_gone "action=/login") == 1 && $(ex_count e_b_gone "Hello") == 0 && $(ex_sid "$b") =~ $SID_RE && $(ex_sid "$b") != "$sid_b" ]]'

	tok=$(ex_csrf e_revoked)
	out=$(ex_req e_logout "$a" "$EX_UA_A" --data-urlencode "csrf=$tok" /logout)
	f=$S/out/e_logout.hdr
	check "$STORE e: logout answers 303 to / with an expiring cookie, and the jar drops it" \
		"HTTP $out; headers: $(tr '\r\n' '  ' <"$f")" \
		eval '[[ $out == 303* && $(ex_location e_logout) == / && -z $(ex_sid "$a") ]] && grep -qi "^set-cookie: __Host-sid=.*max-age=0" "$f"'
	out=$(ex_req e_after "$a" "$EX_UA_A" /)
	check "$STORE e: after logout the page shows the login form" \
		"HTTP $out; body: $(body e_after)" \
		eval '[[ $out == 200* && $(ex_count e_after "action=/login") == 1 && $(ex_count e_after "Hello") == 0 ]]'
	out=$(req e_old -A "$EX_UA_A" -H "Cookie: __Host-sid=$sid_a" "$BASE/")
	check "$STORE e: the logged-out ID is dead: sent again, it gets the login form" \
		"HTTP $out; body: $(body e_old)" \
		eval '[[ $out == 200* && $(ex_count e_old "Hello") == 0 ]]'

	local log=$S/logs/php-errors.log
	check "$STORE e: the PHP log holds only the example's onInvalidId lines (the revoked device, the dead ID), no warning or error" \
		"$(head -n 8 "$log" 2>/dev/null)" \
		eval '[[ $(grep -c . "$log") -ge 2 && $(grep -vc "tessera: invalid session id (" "$log") == 0 ]] && grep -q "(revoked)" "$log"'
	ex_stop
}

# --- f: drop-in session_regenerate_id() with tessera.regenerate_grace --------

scenario_f()
{
	echo "$STORE f: drop-in session_regenerate_id(): the new cookie, the old ID inside the grace, the CSRF secret"
	local dsn=
	if [[ $STORE == redis ]]; then
		dsn="redis://127.0.0.1:$REDIS_PORT?prefix=${PREFIX_BASE}f:"
	fi
	SAVE_PATH=$dsn
	stack_start "${STORE}_f" 'tessera.regenerate_grace = 30'
	local rc=$?
	SAVE_PATH=
	((rc == 0)) || return
	local out f old new t0 t1

	out=$(req f_set "$BASE/oa_dropin.php?action=set&v=before")
	f=$S/out/f_set.body
	old=$(set_cookie_sid "$S/out/f_set.hdr")
	t0=$(kv "$f" csrf)
	check "$STORE f: a drop-in session is created, its cookie sent, a CSRF token made" \
		"HTTP $out; Set-Cookie PHPSESSID='$old'; body: $(body f_set)" \
		eval '[[ $out == 200* && $old =~ $SID_RE && $(kv "$f" id) == "$old" && ${#t0} == 86 ]]'
	out=$(req f_read0 -H "Cookie: PHPSESSID=$old" "$BASE/oa_dropin.php?action=read&token=$t0")
	check "$STORE f: control: the token verifies on the next request" \
		"HTTP $out; body: $(body f_read0)" \
		eval '[[ $out == 200* && $(kv "$S/out/f_read0.body" csrf_ok) == 1 && $(kv "$S/out/f_read0.body" id) == "$old" ]]'

	out=$(req f_regen -H "Cookie: PHPSESSID=$old" "$BASE/oa_dropin.php?action=regen&token=$t0")
	f=$S/out/f_regen.body
	new=$(set_cookie_sid "$S/out/f_regen.hdr")
	t1=$(kv "$f" csrf)
	check "$STORE f: session_regenerate_id() makes PHP send the new ID as Set-Cookie (${old:0:6}... -> ${new:0:6}...), the data kept" \
		"HTTP $out; Set-Cookie PHPSESSID='$new'; headers: $(tr '\r\n' '  ' <"$S/out/f_regen.hdr"); body: $(body f_regen)" \
		eval '[[ $out == 200* && $new =~ $SID_RE && $new != "$old" && $(kv "$f" id) == "$new" && $(kv "$f" old_id) == "$old" && $(kv "$f" s.v) == before ]]'
	check "$STORE f: session_regenerate_id() rotates the CSRF secret: the old token verified before it and not after" \
		"body: $(body f_regen)" \
		eval '[[ $(kv "$f" csrf_before) == 1 && $(kv "$f" csrf_after) == 0 && ${#t1} == 86 && $t1 != "$t0" ]]'

	out=$(req f_zombie -H "Cookie: PHPSESSID=$old" "$BASE/oa_dropin.php?action=read")
	f=$S/out/f_zombie.body
	check "$STORE f: the old ID inside the grace (30 s) forwards to the new session, and is sent the new cookie" \
		"HTTP $out; Set-Cookie PHPSESSID='$(set_cookie_sid "$S/out/f_zombie.hdr")'; body: $(body f_zombie)" \
		eval '[[ $out == 200* && $(kv "$f" id) == "$new" && $(kv "$f" s.v) == before && $(set_cookie_sid "$S/out/f_zombie.hdr") == "$new" ]]'

	out=$(req f_old_token -H "Cookie: PHPSESSID=$new" "$BASE/oa_dropin.php?action=read&token=$t0")
	local out1
	out1=$(req f_new_token -H "Cookie: PHPSESSID=$new" "$BASE/oa_dropin.php?action=read&token=$t1")
	check "$STORE f: on the new ID the token from before the regeneration is refused, the new one accepted" \
		"HTTP $out: $(body f_old_token); HTTP $out1: $(body f_new_token)" \
		eval '[[ $out == 200* && $out1 == 200* && $(kv "$S/out/f_old_token.body" csrf_ok) == 0 && $(kv "$S/out/f_new_token.body" csrf_ok) == 1 && $(kv "$S/out/f_new_token.body" id) == "$new" ]]'
	no_php_errors "$STORE f"
	stack_stop
}

# --- the stores --------------------------------------------------------------

# redis_ready: takes the test servers' tests.lock and checks that the single
# server answers. Fails with the reason in REDIS_WHY otherwise.
redis_ready()
{
	REDIS_WHY=
	if ! command -v redis-cli >/dev/null; then
		REDIS_WHY="redis-cli is not installed (scripts/install-deps.sh)"
		return 1
	fi
	if ! redis_tests_lock; then
		REDIS_WHY="the redis test servers' lock ($TSR_REDIS_DIR/tests.lock) was not free within 900 s"
		return 1
	fi
	if [[ $(rcli "$REDIS_PORT" ping) != PONG ]]; then
		REDIS_WHY="no Redis server answers on 127.0.0.1:$REDIS_PORT (scripts/redis-test-servers.sh start)"
		return 1
	fi
}

redis_release()
{
	if [[ -n $LOCK_FD ]]; then
		flock -u "$LOCK_FD"
		exec {LOCK_FD}>&-
		LOCK_FD=
	fi
}

suite_cleanup()
{
	ex_stop
	if ((REDIS_USED)) && [[ -n $PREFIX_BASE ]]; then
		delete_prefix "$REDIS_PORT" "$PREFIX_BASE*"
	fi
	redis_release
}

# run_store NAME: every wanted scenario on store NAME, then its count line.
run_store()
{
	local p0=$passed f0=$failed
	STORE=$1
	run_scenarios a b c d e f
	echo "$E2E_NAME [$STORE store]: $((passed - p0)) passed, $((failed - f0)) failed"
}

main()
{
	local store
	if e2e_preflight flock awk sha256sum; then
		if ((E2E_WORKERS < 21)); then
			fail "$E2E_NAME: the pool has at least 21 workers for 20 concurrent requests" "E2E_WORKERS=$E2E_WORKERS"
		fi
	fi
	if ((failed == 0)); then
		e2e_make_run
		PREFIX_BASE=oa${RUN##*.}
		for store in $OA_STORES; do
			case $store in
			files)
				run_store files
				;;
			redis)
				if redis_ready; then
					REDIS_USED=1
					run_store redis
				elif [[ $TSR_REDIS_REQUIRED == 1 ]]; then
					fail "$E2E_NAME: the redis store can be tested (TSR_REDIS_REQUIRED=1)" "$REDIS_WHY"
				else
					echo "$E2E_NAME [redis store]: SKIPPED, not run and not counted: $REDIS_WHY"
					echo "  (set TSR_REDIS_REQUIRED=1 to make this a failure)"
				fi
				redis_release
				;;
			*)
				fail "$E2E_NAME: OA_STORES names known stores (files, redis)" "unknown store '$store'"
				;;
			esac
		done
	fi
	e2e_summary
}

main "$@"
