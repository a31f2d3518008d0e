<?php
/*
 * Object API scenarios b and d (tests/e2e/object_api.sh): sets key 'k' to
 * 'v' in lock mode 'mode' (on_write when absent). Between start and the
 * change it reports "read <pid> <time>" through event 'ev' and waits for
 * event file 'release', when given. Prints what it read at start as
 * "r.<key>" pairs, then oa_finish()'s lines.
 */
require __DIR__ . '/oa_common.php';

$k = e2e_param('k', '/^[a-z0-9_]{1,32}$/');
$v = e2e_param('v', '/^[a-z0-9_]{1,32}$/');
if ($k === '' || $v === '') {
	e2e_fail(400, 'k and v are required');
}
$m = oa_manager();
$s = oa_start($m, oa_mode());
$read = oa_pairs($s, 'r.');
$released = oa_signal_and_wait();
try {
	$s->set($k, $v);
} catch (Throwable $e) {
	oa_fail($e);
}
oa_finish($m, $s, ['released' => $released] + $read);
