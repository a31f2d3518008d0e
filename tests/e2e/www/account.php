<?php
/*
 * Scenarios d and e: a small account flow. GET shows the session; POST
 * 'action' = set (v), touch (x = 1), login (user; regenerates the ID and
 * deletes the old session), logout (destroys the session, expires the cookie).
 */
require __DIR__ . '/_e2e.php';

$action = $_SERVER['REQUEST_METHOD'] === 'POST'
	? e2e_param('action', '/^(set|touch|login|logout)$/')
	: 'get';

e2e_session_start();
$old_id = session_id();
switch ($action) {
	case 'set':
		$_SESSION['v'] = e2e_param('v', '/^[a-z0-9_]{1,32}$/');
		break;
	case 'touch':
		$_SESSION['x'] = 1;
		break;
	case 'login':
		$_SESSION['user'] = e2e_param('user', '/^[a-z0-9_]{1,32}$/');
		if (!session_regenerate_id(true)) {
			e2e_fail(500, 'session_regenerate_id failed');
		}
		break;
	case 'logout':
		$_SESSION = [];
		if (!session_destroy()) {
			e2e_fail(500, 'session_destroy failed');
		}
		$p = session_get_cookie_params();
		setcookie(session_name(), '', [
			'expires' => 1,
			'path' => $p['path'],
			'domain' => $p['domain'],
			'secure' => $p['secure'],
			'httponly' => $p['httponly'],
			'samesite' => $p['samesite'] ?: 'Lax',
		]);
		e2e_out(['action' => $action, 'old_id' => $old_id, 'destroyed' => true]);
		exit;
}
$pairs = e2e_session_pairs();
session_write_close();
e2e_out(['action' => $action, 'old_id' => $old_id, 'id' => session_id()] + $pairs);
