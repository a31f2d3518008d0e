<?php
/*
 * Contention: one increment of $_SESSION['n'], holding the session for
 * 'hold_ms' milliseconds (0 to 5000) between read and write. Prints
 * "ok n=<value>", "notices=<count>[: first]", and when the script started
 * and when the session was closed ("t_start=", "t_end=", seconds on this
 * machine's clock: the harness takes the span of a run from them); a
 * failure or a warning answers 500.
 */
require __DIR__ . '/_bench.php';

$t_start = microtime(true);
$hold_ms = (int) bench_param('hold_ms', '/^[0-9]{1,4}$/', '0');
bench_session_start();
if (!isset($_SESSION['p'])) {
	bench_fail(500, 'not a pre-created session');
}
$n = (int) ($_SESSION['n'] ?? 0) + 1;
$_SESSION['n'] = $n;
if ($hold_ms > 0) {
	usleep(min($hold_ms, 5000) * 1000);
}
bench_session_close();
$t_end = microtime(true);
echo "ok n=$n\n", 'notices=', bench_notices(), "\n";
bench_out(['t_start' => $t_start, 't_end' => $t_end]);
