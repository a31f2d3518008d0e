<?php
/*
 * Scenarios b and c: takes the session (exclusive lock), optionally stages a
 * change of $_SESSION['v'], tells the harness "locked <pid> <time>" through
 * event 'ev', then holds the session for 'hold_ms' milliseconds, or until
 * event file 'release' appears (at most 'hold_ms'), and only then writes it.
 */
require __DIR__ . '/_e2e.php';

$ev = e2e_param('ev', '/^[a-z0-9_]{1,64}$/');
$release = e2e_param('release', '/^[a-z0-9_]{1,64}$/');
$hold_ms = (int) e2e_param('hold_ms', '/^[0-9]{1,5}$/', '500');
$set = e2e_param('set', '/^[a-z0-9_]{1,32}$/');
if ($ev === '') {
	e2e_fail(400, 'ev is required');
}

e2e_session_start();
$t_locked = microtime(true);
if ($set !== '') {
	$_SESSION['v'] = $set;
}
e2e_signal($ev, sprintf('locked %d %.6f', getmypid(), $t_locked));
if ($release !== '') {
	$released = e2e_wait_for($release, $hold_ms);
} else {
	usleep($hold_ms * 1000);
	$released = true;
}
$t_release = microtime(true);
$written = session_write_close();
e2e_out([
	'id' => session_id(),
	'pid' => getmypid(),
	'released' => $released,
	'written' => $written,
	't_start' => (float) $_SERVER['REQUEST_TIME_FLOAT'],
	't_locked' => $t_locked,
	't_release' => $t_release,
	't_end' => microtime(true),
]);
