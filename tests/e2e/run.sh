#!/usr/bin/env bash
# Tessera end-to-end scenarios on the whole stack: nginx -> php-fpm 8.2 ->
# ext/modules/tessera.so -> the files store, all on 127.0.0.1.
#
# For each scenario this script starts its own php-fpm (static pool, run as
# root with -R, `-n -c <generated php.ini>`, so nothing from /etc/php is read)
# and its own nginx (generated config, `-p`/`-c`/`-e` into a temporary
# directory: no write to /var/log), on free loopback ports, with a fresh
# session directory; it stops both when the scenario ends and on exit.
#
# Requests are ordered by events, never by sleeping: a page that holds a
# session writes "locked <pid> <time>" into a FIFO that this script reads.
#
# Scenarios (each check prints "ok" or "FAIL" with what it saw):
#   a  20 concurrent clients x 10 requests increment one session: exactly 200
#   b  readers (read_only, read_and_close) return while a writer holds the
#      session for 500 ms; an exclusive reader (the control) waits for it
#   c  kill -9 of the php-fpm worker holding a session: the next requests
#      proceed and see the data committed before, not the holder's changes
#   d  hostile cookies (../x, NUL, CR/LF, too long, wrong alphabet) touch no
#      file outside the fresh session's and get a new valid session cookie
#   e  round trip, login (session_regenerate_id(true)) keeps the data under a
#      new ID, logout (session_destroy) makes the old cookie worthless
#
# Ends with one line "N passed, N failed"; exits 1 if any check failed.
# The stack, request and reporting helpers, and the steps of scenarios a, b
# and c that the redis store's suite (tests/e2e/redis.sh) runs too, are in
# tests/e2e/lib.sh.
#
# Environment: E2E_EXT (the extension, default ext/modules/tessera.so),
# E2E_PHP_FPM (php-fpm8.2), E2E_NGINX (nginx), E2E_WORKERS (24),
# E2E_ONLY (e.g. "a c": run only these scenarios), E2E_KEEP=1 (keep the
# temporary directory with configs and logs; it is also kept on failure),
# E2E_HANDLER=files (run the same scenarios on PHP's own files handler
# instead, without the extension: shows which checks PHP alone fails).
set -uo pipefail

E2E_NAME=e2e
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --- a: no lost update -------------------------------------------------------

scenario_a()
{
	echo "a: 20 concurrent clients x 10 requests on one session"
	stack_start a || return
	a_count_to_200 a || return
	no_php_errors a
	stack_stop
}

# --- b: readers do not wait for a writer -------------------------------------

scenario_b()
{
	echo "b: readers while a writer holds the session for 500 ms"
	stack_start b || return
	b_readers
	stack_stop
}

# --- c: a crashed holder does not block the session --------------------------

# blocked_lock_waiter: succeeds once /proc/locks shows a blocked lock request
# ("->") by one of our php-fpm workers, or (OFD locks show pid -1) on a file
# under our session directory; gives up after 10 s.
blocked_lock_waiter()
{
	local deadline=$((SECONDS + 10)) pid dev inodes
	while ((SECONDS < deadline)); do
		inodes=" $(find "$S/sessions" -printf '%i ') "
		while read -r pid dev; do
			if worker_of_ours "$pid" || [[ $pid == -1 && $inodes == *" ${dev##*:} "* ]]; then
				return 0
			fi
		done < <(awk '$2 == "->" { print $6, $7 }' /proc/locks)
		sleep 0.01
	done
	return 1
}

scenario_c()
{
	echo "c: kill -9 of the worker holding a session"
	stack_start c 'tessera.lock_wait_timeout = 5' || return
	local jar=$S/out/c.jar code t sid
	# A holder takes the session, a second request queues behind it...
	queue_behind_holder c "$jar" || return
	sid=$V_SID
	check "c: the queued request waits in the kernel on a lock (/proc/locks), not in a sleep loop" \
		"no blocked lock of a php-fpm worker appeared in /proc/locks within 10 s" \
		blocked_lock_waiter
	# ...then the holder dies without writing or unlocking.
	kill_holder c_locked
	wait "$WAITER_PID"
	read -r code t <"$S/out/c_waiter.res"
	check "c: the queued request proceeds after the kill ($(ms "${t:-0}")) and sees v=committed" \
		"HTTP $code; body: $(tr '\n' ' ' <"$S/out/c_waiter.body")" \
		eval '[[ $code == 200 && $(kv "$S/out/c_waiter.body" s.v) == committed && $(kv "$S/out/c_waiter.body" id) == "$sid" ]]'
	read -r code t < <(req c_next -b "$jar" "$BASE/read.php?mode=exclusive")
	check "c: the next request on the session proceeds ($(ms "${t:-0}")) and sees v=committed" \
		"HTTP $code; body: $(tr '\n' ' ' <"$S/out/c_next.body")" \
		eval '[[ $code == 200 && $(kv "$S/out/c_next.body" s.v) == committed && $(kv "$S/out/c_next.body" id) == "$sid" ]]'
	stack_stop
}

# --- d: hostile cookies ------------------------------------------------------

# tree: every entry under the run directory and /tmp's tessera-e2e-escape,
# but the logs and the harness's own files, one "<type> <path>" a line.
tree()
{
	find "$RUN" \( -path "$S/logs" -o -path "$S/out" -o -path "$S/nginx" -o -path "$S/events" \) -prune \
		-o -printf '%y %P\n' | sort
	[[ -e /tmp/tessera-e2e-escape ]] && echo "f /tmp/tessera-e2e-escape"
	return 0
}

# d_cookie LABEL RAW_COOKIE_VALUE: one request with "Cookie: PHPSESSID=RAW"
# (RAW is sent as is; PHP url-decodes it), or with no cookie if RAW is empty. Sets D_NEW (new entries),
# D_FILES (how many new regular files), D_CODE, D_SID (new cookie), D_ID
# (session_id() the page saw).
d_cookie()
{
	local label=$1 raw=$2 before after out
	local -a cookie=()
	[[ -n $raw ]] && cookie=(-H "Cookie: PHPSESSID=$raw")
	before=$(tree)
	out=$(req "d_$label" "${cookie[@]}" -d 'action=touch' "$BASE/account.php")
	after=$(tree)
	D_CODE=${out%% *}
	D_NEW=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after"))
	D_FILES=$(grep -c '^f ' <<<"$D_NEW")
	D_SID=$(set_cookie_sid "$S/out/d_$label.hdr")
	D_ID=$(kv "$S/out/d_$label.body" id)
}

scenario_d()
{
	echo "d: hostile session cookies"
	stack_start d || return
	local label raw control_files bad
	rm -f /tmp/tessera-e2e-escape
	# The control: a request without a cookie creates one session.
	d_cookie control ''
	control_files=$D_FILES
	if [[ $D_CODE != 200 || ! $D_SID =~ $SID_RE || $control_files -lt 1 ]]; then
		fail "d: control: a request without a session creates one" \
			"HTTP $D_CODE, cookie '$D_SID', new entries: $(tr '\n' ' ' <<<"$D_NEW")"
		return
	fi
	local a31 a32
	a31=$(printf 'A%.0s' $(seq 1 31))
	a32=${a31}A
	local -a cases=(
		"dotdot|../x"
		"dotdot_deep|../../../../../../../../tmp/tessera-e2e-escape"
		"dotdot_len32|../../../../../../../../../../xx"
		"nul|${a31:0:15}%00${a31:0:16}"
		"crlf|${a31:0:15}%0d%0a${a31:0:15}"
		"crlf_header|${a31:0:15}%0d%0aSet-Cookie:%20x=1"
		"too_long_33|${a32}A"
		"too_long_512|$(printf 'B%.0s' $(seq 1 512))"
		"too_short_31|${a31}"
		"alphabet_dot|${a31}."
		"alphabet_slash|${a31}%2F"
		"alphabet_plus|${a31}+"
		"alphabet_tilde|${a31:0:16}~${a31:0:15}"
		"alphabet_utf8|${a31:0:30}%C3%A9"
	)
	for bad in "${cases[@]}"; do
		label=${bad%%|*}
		raw=${bad#*|}
		d_cookie "$label" "$raw"
		local outside names ok=1 why=()
		outside=$(grep -v -e '^[df] d/sessions/' -e '^d d/sessions$' <<<"$D_NEW" | grep -v '^$')
		names=$(sed -n 's|^[df] d/sessions/||p' <<<"$D_NEW" | tr '/' '\n' | grep -v -E '^[A-Za-z0-9._-]+$')
		if [[ $D_CODE != 200 ]]; then ok=0; why+=("HTTP $D_CODE: $(tr '\n' ' ' <"$S/out/d_$label.body")"); fi
		if [[ -n $outside ]]; then ok=0; why+=("new entries outside the save path: $(tr '\n' ' ' <<<"$outside")"); fi
		if [[ -n $names ]]; then ok=0; why+=("new names outside [A-Za-z0-9._-]: $(tr '\n' ' ' <<<"$names")"); fi
		if [[ $D_FILES != "$control_files" ]]; then ok=0; why+=("$D_FILES new files where a fresh session makes $control_files: $(tr '\n' ' ' <<<"$D_NEW")"); fi
		if [[ ! $D_SID =~ $SID_RE ]]; then ok=0; why+=("Set-Cookie PHPSESSID is '$D_SID', not 32 chars of [A-Za-z0-9_-]"); fi
		if [[ $D_ID != "$D_SID" ]]; then ok=0; why+=("the page's session_id() '$D_ID' is not the new cookie"); fi
		if grep -qi '^x:' "$S/out/d_$label.hdr" || grep -qi '^set-cookie: x=' "$S/out/d_$label.hdr"; then
			ok=0; why+=("a header was injected")
		fi
		((${#raw} > 40)) && raw="${raw:0:32}...(${#raw} chars)"
		if ((ok)); then
			pass "d: cookie '$raw' is refused: a new session ${D_SID:0:6}..., no file of its own"
		else
			fail "d: cookie '$raw' is refused: a new session, no file of its own" "${why[@]}"
		fi
	done
	stack_stop
}

# --- e: round trip, login, logout --------------------------------------------

scenario_e()
{
	echo "e: round trip, login, logout"
	stack_start e || return
	local jar=$S/out/e.jar out c1 c2 c3
	out=$(req e_set -c "$jar" -d 'action=set&v=hello' "$BASE/account.php")
	c1=$(set_cookie_sid "$S/out/e_set.hdr")
	check "e: a new session gets a valid cookie" "HTTP $out, cookie '$c1'" \
		eval '[[ $out == 200* && $c1 =~ $SID_RE ]]'
	out=$(req e_get -b "$jar" -c "$jar" "$BASE/account.php")
	check "e: the next request sees v=hello under the same ID, no new cookie" \
		"HTTP $out; body: $(tr '\n' ' ' <"$S/out/e_get.body"); Set-Cookie: '$(set_cookie_sid "$S/out/e_get.hdr")'" \
		eval '[[ $out == 200* && $(kv "$S/out/e_get.body" s.v) == hello && $(kv "$S/out/e_get.body" id) == "$c1" && -z $(set_cookie_sid "$S/out/e_get.hdr") ]]'
	out=$(req e_login -b "$jar" -c "$jar" -d 'action=login&user=alice' "$BASE/account.php")
	c2=$(set_cookie_sid "$S/out/e_login.hdr")
	check "e: login changes the ID (cookie ${c1:0:6}... -> ${c2:0:6}...)" \
		"HTTP $out; new cookie '$c2'; body: $(tr '\n' ' ' <"$S/out/e_login.body")" \
		eval '[[ $out == 200* && $c2 =~ $SID_RE && $c2 != "$c1" && $(kv "$S/out/e_login.body" id) == "$c2" ]]'
	out=$(req e_after_login -b "$jar" -c "$jar" "$BASE/account.php")
	check "e: after login the new ID carries v=hello and user=alice" \
		"HTTP $out; body: $(tr '\n' ' ' <"$S/out/e_after_login.body")" \
		eval '[[ $out == 200* && $(kv "$S/out/e_after_login.body" s.v) == hello && $(kv "$S/out/e_after_login.body" s.user) == alice && $(kv "$S/out/e_after_login.body" id) == "$c2" ]]'
	out=$(req e_logout -b "$jar" -c "$jar" -d 'action=logout' "$BASE/account.php")
	check "e: logout destroys the session and expires the cookie" \
		"HTTP $out; headers: $(grep -i '^set-cookie' "$S/out/e_logout.hdr" | tr '\r\n' '  '); body: $(tr '\n' ' ' <"$S/out/e_logout.body")" \
		eval '[[ $out == 200* && $(kv "$S/out/e_logout.body" destroyed) == 1 ]] && grep -qi "^set-cookie: PHPSESSID=\(deleted\)\?;.*max-age=0" "$S/out/e_logout.hdr"'
	# The old cookie, sent again by hand after logout.
	out=$(req e_old -H "Cookie: PHPSESSID=$c2" "$BASE/account.php")
	c3=$(set_cookie_sid "$S/out/e_old.hdr")
	check "e: after logout the old cookie carries no data and is replaced by a new ID" \
		"HTTP $out; new cookie '$c3'; body: $(tr '\n' ' ' <"$S/out/e_old.body")" \
		eval '[[ $out == 200* && -z $(kv "$S/out/e_old.body" s.v) && -z $(kv "$S/out/e_old.body" s.user) && $c3 =~ $SID_RE && $c3 != "$c2" && $(kv "$S/out/e_old.body" id) == "$c3" ]]'
	# The store is keyed by a hash of the ID: no raw ID in any name or content.
	local leaks='' sid
	for sid in "$c1" "$c2" "$c3"; do
		[[ $sid =~ $SID_RE ]] || continue
		leaks+=$(grep -r -l -F -e "$sid" "$S/sessions" 2>/dev/null; find "$S/sessions" -name "*$sid*" -print)
	done
	check "e: no session ID appears in the session directory (names or contents)" \
		"found in: $(tr '\n' ' ' <<<"$leaks")" test -z "$leaks"
	no_php_errors e
	stack_stop
}

# --- main --------------------------------------------------------------------

main()
{
	if e2e_preflight; then
		e2e_make_run
		run_scenarios a b c d e
	fi
	e2e_summary
}

main "$@"
