<?php
/*
 * Contention: one increment of $_SESSION['n'], holding the session for
 * 'hold_ms' milliseconds (0 to 5000) between read and write. Prints
 * "ok n=<value>" and, on the next line, "notices=<count>[: first]"; a
 * failure or a warning answers 500.
 */
require __DIR__ . '/_bench.php';

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
echo "ok n=$n\n", 'notices=', bench_notices(), "\n";
