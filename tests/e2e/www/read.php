<?php
/*
 * Scenarios a, b, c: opens the session in lock mode 'mode' (exclusive,
 * read_only through tessera.lock_mode, or read_and_close), and prints its
 * entries, its ID and when the request started, got the session and ended.
 */
require __DIR__ . '/_e2e.php';

$mode = e2e_param('mode', '/^(exclusive|read_only|read_and_close)$/', 'exclusive');
switch ($mode) {
	case 'read_only':
		if (ini_set('tessera.lock_mode', 'read_only') === false) {
			e2e_fail(500, 'ini_set tessera.lock_mode failed');
		}
		e2e_session_start();
		break;
	case 'read_and_close':
		e2e_session_start(['read_and_close' => true]);
		break;
	default:
		e2e_session_start();
}
$t_opened = microtime(true);
$pairs = e2e_session_pairs();
if (session_status() === PHP_SESSION_ACTIVE) {
	session_write_close();
}
e2e_out([
	'mode' => $mode,
	'id' => session_id(),
	'pid' => getmypid(),
	't_start' => (float) $_SERVER['REQUEST_TIME_FLOAT'],
	't_opened' => $t_opened,
	't_end' => microtime(true),
] + $pairs);
