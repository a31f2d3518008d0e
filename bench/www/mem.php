<?php
/*
 * Footprint: the Zend heap a session costs one request, from just before
 * session_start() to just after session_write_close() (peak usage in
 * between, memory_reset_peak_usage() first), for a visit to a pre-created
 * session. Memory the handler takes with malloc() (libtessera, hiredis,
 * libmemcached) is not in this figure: the harness reports worker RSS too.
 */
require __DIR__ . '/_bench.php';

memory_reset_peak_usage();
$m0 = memory_get_usage();
bench_session_start();
if (!isset($_SESSION['p'])) {
	bench_fail(500, 'not a pre-created session');
}
$_SESSION['hits'] = ($_SESSION['hits'] ?? 0) + 1;
bench_session_close();
bench_out(['mem' => memory_get_peak_usage() - $m0]);
