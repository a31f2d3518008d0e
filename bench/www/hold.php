<?php
/*
 * Readers scenario, the writer: opens the session (exclusively, the
 * handler's default), stages a change, tells the harness "locked" through
 * event 'ev', holds the session 'hold_ms' milliseconds, then writes it.
 */
require __DIR__ . '/_bench.php';

$ev = bench_param('ev', '/^[a-z0-9_]{1,64}$/');
$hold_ms = (int) bench_param('hold_ms', '/^[0-9]{1,4}$/', '500');
if ($ev === '') {
	bench_fail(400, 'ev is required');
}
bench_session_start();
$t_locked = microtime(true);
$_SESSION['v'] = 'writer';
bench_signal($ev, sprintf('locked %d %.6f', getmypid(), $t_locked));
usleep($hold_ms * 1000);
$t_release = microtime(true);
bench_session_close();
bench_out(['t_locked' => $t_locked, 't_release' => $t_release, 't_end' => microtime(true)]);
