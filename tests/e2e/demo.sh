#!/usr/bin/env bash
# The demo as `make demo` serves it: starts scripts/demo.sh (PHP's built-in
# server, the extension, examples/demo) on a free 127.0.0.1 port with a
# temporary sessions directory, and drives examples/demo/index.php with curl
# and a cookie jar, as a browser would:
#   1  the first GET issues a session cookie and counts visit 1
#   2  the second GET, with the cookie, counts visit 2 in the same session
#   3  signing in (POST) redirects (303 or 302) and sets a NEW session ID;
#      the welcome flash shows on the GET after the redirect, with the
#      visits carried over, and not on the GET after that
#   4  signing out (POST) redirects and destroys the session: the next GET
#      starts a fresh one (visit 1, a new ID, signed out), and the signed-in
#      ID sent by hand is not adopted
# The server is stopped when the suite ends, failed or not. The server is
# waited for by its "Development Server ... started" log line, not a sleep.
#
# Ends with one line "e2e-demo: N passed, N failed"; exits 1 if any check
# failed. Environment: E2E_EXT (the extension, default
# ext/modules/tessera.so), E2E_KEEP=1 (keep the run directory with the
# server's log; it is also kept on failure).
set -uo pipefail

E2E_NAME=e2e-demo
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_PID=

# suite_cleanup: stops the demo server (called by lib.sh's EXIT trap).
suite_cleanup()
{
	php_server_stop "$DEMO_PID"
	DEMO_PID=
}

# demo_start: starts scripts/demo.sh on a free port, sessions in
# $S/sessions; sets DEMO_PID and BASE. Waits (10 s at most) for the
# server's "started" line; fails if it exits or never prints it.
demo_start()
{
	local port
	port=$(free_port) || return 1
	BASE=http://127.0.0.1:$port
	php_server_start "$S/demo.log" env DEMO_EXT="$E2E_EXT" \
		bash "$ROOT/scripts/demo.sh" 127.0.0.1 "$port" "$S/sessions"
	local rc=$?
	DEMO_PID=$PHP_SERVER_PID
	return "$rc"
}

# counter NAME: the visit counter on page NAME.
counter()
{
	sed -n 's/.*<p class="counter">\([0-9]*\)<\/p>.*/\1/p' "$S/out/$1.body" | head -n 1
}

# csrf NAME: the CSRF token of the first form on page NAME.
csrf()
{
	sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$S/out/$1.body" | head -n 1
}

# flash NAME: the text of the flash message on page NAME (empty if none).
flash()
{
	sed -n 's/.*<p class="flash[^"]*" role="status">\(.*\)<\/p>.*/\1/p' "$S/out/$1.body" | head -n 1
}

# location NAME: the Location header of response NAME.
location()
{
	tr -d '\r' <"$S/out/$1.hdr" | sed -n 's/^[Ll]ocation: //p' | tail -n 1
}

# body NAME: page NAME on one line, for failure details.
body()
{
	tr '\n' ' ' <"$S/out/$1.body" | head -c 600
}

scenario_demo()
{
	local jar=$S/out/jar out sid1 sid2 sid3 token
	echo "demo: scripts/demo.sh and examples/demo through curl"
	if ! demo_start; then
		fail "demo: scripts/demo.sh starts the server" "$(cat "$S/demo.log")"
		return
	fi
	pass "demo: scripts/demo.sh starts the server ($BASE)"

	out=$(req get1 -c "$jar" -b "$jar" "$BASE/")
	sid1=$(set_cookie_sid "$S/out/get1.hdr")
	check "demo: the first GET issues a session cookie and counts visit 1" \
		"HTTP $out; cookie '$sid1'; counter '$(counter get1)'; body: $(body get1)" \
		eval '[[ $out == 200* && $sid1 =~ $SID_RE && $(counter get1) == 1 ]]'

	out=$(req get2 -c "$jar" -b "$jar" "$BASE/")
	check "demo: the second GET counts visit 2 in the same session" \
		"HTTP $out; counter '$(counter get2)'; new cookie '$(set_cookie_sid "$S/out/get2.hdr")'" \
		eval '[[ $out == 200* && $(counter get2) == 2 && -z $(set_cookie_sid "$S/out/get2.hdr") ]]'

	token=$(csrf get2)
	out=$(req login -c "$jar" -b "$jar" --data-urlencode "csrf=$token" \
		--data-urlencode 'action=login' --data-urlencode 'user=alice' "$BASE/")
	sid2=$(set_cookie_sid "$S/out/login.hdr")
	check "demo: signing in redirects (303/302) to the page with a new session ID" \
		"HTTP $out; Location '$(location login)'; old '$sid1', new '$sid2'; body: $(body login)" \
		eval '[[ $out == 30[23]* && $(location login) == / && $sid2 =~ $SID_RE && $sid2 != "$sid1" ]]'

	out=$(req after_login -c "$jar" -b "$jar" "$BASE/")
	check "demo: after the redirect the welcome flash shows, signed in, visits carried over (3)" \
		"HTTP $out; flash '$(flash after_login)'; counter '$(counter after_login)'; body: $(body after_login)" \
		eval '[[ $out == 200* && $(flash after_login) == "Welcome, alice."* && $(counter after_login) == 3 ]] &&
			grep -q "Signed in as <strong>alice</strong>" "$S/out/after_login.body"'

	out=$(req again -c "$jar" -b "$jar" "$BASE/")
	check "demo: the flash does not show again on the next GET" \
		"HTTP $out; flash '$(flash again)'; counter '$(counter again)'" \
		eval '[[ $out == 200* && -z $(flash again) && $(counter again) == 4 ]]'

	token=$(csrf again)
	out=$(req logout -c "$jar" -b "$jar" --data-urlencode "csrf=$token" \
		--data-urlencode 'action=logout' "$BASE/")
	check "demo: signing out redirects (303/302)" \
		"HTTP $out; Location '$(location logout)'; body: $(body logout)" \
		eval '[[ $out == 30[23]* && $(location logout) == "/?signed_out=1" ]]'

	out=$(req after_logout -c "$jar" -b "$jar" "$BASE/")
	sid3=$(set_cookie_sid "$S/out/after_logout.hdr")
	check "demo: the next GET starts a fresh session (visit 1, new ID, signed out)" \
		"HTTP $out; cookie '$sid3' (signed in as '$sid2'); counter '$(counter after_logout)'; body: $(body after_logout)" \
		eval '[[ $out == 200* && $sid3 =~ $SID_RE && $sid3 != "$sid2" && $sid3 != "$sid1" && $(counter after_logout) == 1 ]] &&
			! grep -q "Signed in as" "$S/out/after_logout.body"'

	out=$(req old_id -H "Cookie: PHPSESSID=$sid2" "$BASE/")
	check "demo: the signed-out session's ID, sent again, is replaced and holds nothing" \
		"HTTP $out; cookie '$(set_cookie_sid "$S/out/old_id.hdr")'; counter '$(counter old_id)'" \
		eval '[[ $out == 200* && $(set_cookie_sid "$S/out/old_id.hdr") =~ $SID_RE &&
			$(set_cookie_sid "$S/out/old_id.hdr") != "$sid2" && $(counter old_id) == 1 ]]'

	if grep -q -E 'PHP (Warning|Fatal error|Notice|Deprecated)' "$S/demo.log"; then
		fail "demo: the server logged no PHP error" "$(grep -E 'PHP (Warning|Fatal|Notice|Deprecated)' "$S/demo.log")"
	else
		pass "demo: the server logged no PHP error"
	fi
	suite_cleanup
}

main()
{
	local tool
	for tool in php curl; do
		command -v "$tool" >/dev/null || fail "$E2E_NAME: $tool is installed" "run scripts/install-deps.sh"
	done
	[[ -f $E2E_EXT ]] || fail "$E2E_NAME: the extension is built" "$E2E_EXT does not exist (make ext)"
	if ((failed == 0)); then
		e2e_make_run
		S=$RUN
		mkdir -p "$S/out"
		scenario_demo
	fi
	e2e_summary
}

main "$@"
