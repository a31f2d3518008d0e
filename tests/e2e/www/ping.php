<?php
/* Readiness check: the stack answers and Tessera is the session handler. */
require __DIR__ . '/_e2e.php';

e2e_out([
	'loaded' => extension_loaded('tessera'),
	'handler' => ini_get('session.save_handler'),
	'pid' => getmypid(),
]);
