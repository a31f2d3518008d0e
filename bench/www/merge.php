<?php
/*
 * Merge scenario, Tessera's object API on the pool's own store
 * (session.save_path): one increment of 'n' in lock mode 'mode'
 * (on_write or exclusive), holding the session 'hold_ms' milliseconds
 * (0 to 5000) between start and commit. Prints "ok n=<value seen + 1>",
 * "notices=...", and when the script started and when its commit returned
 * ("t_start=", "t_end=", as counter.php does, for the harness's wall time).
 * With 'init=1' it creates the session instead (n = 0)
 * and prints its ID; with 'read=1' it prints "n=<stored value>".
 * The cookie is PHPSESSID, as for the drop-in pages.
 */
require __DIR__ . '/_bench.php';

use Tessera\{LockMode, SessionManager, Store};

$t_start = microtime(true);
$mode = bench_param('mode', '/^(on_write|exclusive)$/', 'on_write');
$hold_ms = (int) bench_param('hold_ms', '/^[0-9]{1,4}$/', '0');
$init = bench_param('init', '/^1$/') === '1';
$read = bench_param('read', '/^1$/') === '1';

try {
	$manager = new SessionManager(Store::open((string) ini_get('session.save_path')), [
		'cookie_name' => 'PHPSESSID',
		'idle_timeout' => 7200,
		'fingerprint_ua' => 'off',
	]);
	$cookie = $init ? null : ($_COOKIE['PHPSESSID'] ?? null);
	$lock = $read ? LockMode::ReadOnly : LockMode::from($mode);
	$session = $manager->start($cookie, null, $lock);
	if ($init) {
		$session->set('n', 0);
		$manager->commit($session);
		echo $session->id(), "\n";
		exit;
	}
	if (!$session->has('n')) {
		bench_fail(500, 'not a session made by merge.php?init=1');
	}
	if ($read) {
		echo 'n=', $session->get('n'), "\n";
		exit;
	}
	$seen = (int) $session->get('n');
	$session->increment('n');
	if ($hold_ms > 0) {
		usleep(min($hold_ms, 5000) * 1000);
	}
	$manager->commit($session);
	$t_end = microtime(true);
} catch (Tessera\Exception $e) {
	bench_fail(500, $e::class . ': ' . $e->getMessage());
}
bench_check_warnings('merge');
echo 'ok n=', $seen + 1, "\n", 'notices=', bench_notices(), "\n";
bench_out(['t_start' => $t_start, 't_end' => $t_end]);
