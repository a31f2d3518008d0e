<?php
/*
 * Redis scenario e (the store restarts under load): one increment of
 * $_SESSION['n'], reported on one line that says how the request ended:
 *   result=ok n=<new value> pid=<worker>                     HTTP 200
 *   result=start_failed pid=<worker>                         HTTP 503
 *   result=write_failed n=<value not saved> pid=<worker>     HTTP 503
 * PHP's session_write_close() returns true even when the save handler
 * failed, so a failed write is recognised by the warning it raised (the
 * last error is PHP's own follow-up, which Tessera keeps out of the log).
 */
require __DIR__ . '/_e2e.php';

$pid = getmypid();
if (!session_start()) {
	http_response_code(503);
	echo "result=start_failed pid=$pid";
	exit;
}
$n = (int) ($_SESSION['n'] ?? 0) + 1;
$_SESSION['n'] = $n;
error_clear_last();
session_write_close();
$e = error_get_last();
if ($e !== null) {
	http_response_code(503);
	echo "result=write_failed n=$n pid=$pid";
	exit;
}
echo "result=ok n=$n pid=$pid";
