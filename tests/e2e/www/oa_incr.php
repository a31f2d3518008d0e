<?php
/*
 * Object API scenarios a and c (tests/e2e/object_api.sh): one increment of
 * key 'k' ("n" when absent) in lock mode 'mode' (on_write when absent).
 * After start it reports "read <pid> <time>" through event 'ev' and waits
 * for event file 'release' (when given), then holds the session 'hold_ms'
 * milliseconds (the request's simulated work) before the increment and the
 * commit. Prints what it read at start as "r.<key>" pairs, the value
 * increment() returned, when it had read, then oa_finish()'s lines.
 */
require __DIR__ . '/oa_common.php';

$k = e2e_param('k', '/^[a-z0-9_]{1,32}$/', 'n');
$hold_ms = (int) e2e_param('hold_ms', '/^[0-9]{1,4}$/', '0');
$m = oa_manager();
$s = oa_start($m, oa_mode());
$t_read = microtime(true);
$read = oa_pairs($s, 'r.');
$released = oa_signal_and_wait();
usleep($hold_ms * 1000);
try {
	$n = $s->increment($k);
} catch (Throwable $e) {
	oa_fail($e);
}
oa_finish($m, $s, ['released' => $released, 'n' => $n, 't_read' => $t_read] + $read);
