<?php
/*
 * Creates 'n' new sessions (1 to 1000) whose serialized data is about
 * 'bytes' long (the payload 'p' plus a visit counter 'hits' and the
 * contention counter 'n'), and prints their IDs, one a line. No cookie is
 * sent: the harness reads the IDs from the body.
 */
require __DIR__ . '/_bench.php';

$n = (int) bench_param('n', '/^[0-9]{1,4}$/', '1');
$bytes = (int) bench_param('bytes', '/^[0-9]{1,6}$/', '512');
if ($n < 1 || $n > 1000 || $bytes > 262144) {
	bench_fail(400, 'n must be 1..1000 and bytes at most 262144');
}
ini_set('session.use_cookies', '0');
ini_set('session.cache_limiter', '');
/* "p|s:LEN:\"...\";hits|i:0;n|i:0;" is the payload plus about 30 bytes. */
$len = max(1, $bytes - 30 - strlen((string) $bytes));
$ids = [];
for ($i = 0; $i < $n; $i++) {
	if ($i > 0) {
		session_id(session_create_id());
	}
	bench_session_start();
	$_SESSION['p'] = substr(bin2hex(random_bytes(intdiv($len, 2) + 1)), 0, $len);
	$_SESSION['hits'] = 0;
	$_SESSION['n'] = 0;
	$ids[] = session_id();
	bench_session_close();
}
echo implode("\n", $ids), "\n";
