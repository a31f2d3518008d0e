<?php
/*
 * Scenario f of tests/e2e/object_api.sh: drop-in regeneration
 * (session.save_handler = tessera, tessera.regenerate_grace from the
 * scenario's php.ini). 'action' = set (v; prints a CSRF token), regen
 * (session_regenerate_id(true), and whether the CSRF token 'token' still
 * verifies before and after it; prints the new token) or read (whether
 * 'token' verifies). Every action prints id, old_id (the ID the request
 * arrived with, when it had one) and the session as s.<key>=value lines.
 */
require __DIR__ . '/_e2e.php';

$action = e2e_param('action', '/^(set|regen|read)$/', 'read');
$token = e2e_param('token', '/^[A-Za-z0-9_-]{1,200}$/');
$arrived = $_COOKIE[session_name()] ?? '';

e2e_session_start();
$out = ['old_id' => is_string($arrived) ? $arrived : ''];
switch ($action) {
	case 'set':
		$_SESSION['v'] = e2e_param('v', '/^[a-z0-9_]{1,32}$/');
		$out['csrf'] = Tessera\csrf_token();
		break;
	case 'regen':
		$out['csrf_before'] = Tessera\csrf_verify($token);
		if (!session_regenerate_id(true)) {
			e2e_fail(500, 'session_regenerate_id failed');
		}
		$out['csrf_after'] = Tessera\csrf_verify($token);
		$out['csrf'] = Tessera\csrf_token();
		break;
	case 'read':
		$out['csrf_ok'] = Tessera\csrf_verify($token);
		break;
}
$out['id'] = session_id();
e2e_out($out + e2e_session_pairs());
