<?php
/* Readiness check and inventory: the handler, the loaded extensions and their versions. */
require __DIR__ . '/_bench.php';

$ext = [];
foreach (['session', 'tessera', 'redis', 'memcached', 'igbinary', 'msgpack', 'Zend OPcache'] as $e) {
	if (extension_loaded($e)) {
		$ext[] = $e . ':' . (phpversion($e) ?: '?');
	}
}
bench_out([
	'handler' => (string) ini_get('session.save_handler'),
	'php' => PHP_VERSION,
	'extensions' => implode(' ', $ext),
	'pid' => getmypid(),
]);
