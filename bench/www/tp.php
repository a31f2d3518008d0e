<?php
/*
 * Throughput: open the session named by the cookie, which must be one of
 * the pre-created ones (a request that finds no payload answers 500),
 * count the visit (so every request writes the session back, payload
 * included) and close it.
 */
require __DIR__ . '/_bench.php';

bench_session_start();
if (!isset($_SESSION['p'])) {
	bench_fail(500, 'not a pre-created session');
}
$_SESSION['hits'] = ($_SESSION['hits'] ?? 0) + 1;
bench_session_close();
echo "ok\n";
