<?php
/*
 * Opens the session the read-only way named by 'mode' and prints how long
 * session_start() took ('open_ms'), when it returned ('t_opened', for the
 * wakeup scenario), when the request ended, the counter and the notices
 * raised (a warning answers 500):
 *   read_and_close  session_start(['read_and_close' => true]), any handler
 *   read_only       tessera.lock_mode = read_only, then session_start()
 *   exclusive       a plain session_start() (the harness reads the final
 *                   counter of the contention scenario this way)
 */
require __DIR__ . '/_bench.php';

$mode = bench_param('mode', '/^(read_and_close|read_only|exclusive)$/', 'exclusive');
$t0 = microtime(true);
switch ($mode) {
	case 'read_and_close':
		bench_session_start(['read_and_close' => true]);
		break;
	case 'read_only':
		if (ini_set('tessera.lock_mode', 'read_only') === false) {
			bench_fail(500, 'ini_set tessera.lock_mode failed');
		}
		bench_session_start();
		break;
	default:
		bench_session_start();
}
$t_opened = microtime(true);
$n = $_SESSION['n'] ?? null;
$found = isset($_SESSION['p']);
if (session_status() === PHP_SESSION_ACTIVE) {
	bench_session_close();
}
if (!$found) {
	bench_fail(500, 'not a pre-created session');
}
bench_out([
	'mode' => $mode,
	'n' => $n === null ? '' : (string) $n,
	'open_ms' => ($t_opened - $t0) * 1000.0,
	't_opened' => $t_opened,
	't_end' => microtime(true),
	'notices' => bench_notices(),
]);
