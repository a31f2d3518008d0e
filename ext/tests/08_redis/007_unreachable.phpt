--TEST--
Tessera: redis: an unreachable server fails session_start() with exactly one warning
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/redis.inc';
ob_start();
ini_set('session.save_path', 'redis://127.0.0.1:1?prefix=phptunreachable:');
$t = microtime(true);
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE, $_SESSION ?? null);
// Refused at once: no retry loop, no wait for a timeout.
var_dump(microtime(true) - $t < 1.0);
// The next attempt fails the same way (no handle was kept half open).
var_dump(session_start());
?>
--EXPECTF--
Warning: session_start(): Tessera: cannot open the session store: redis 127.0.0.1:1: Connection refused in %s on line %d
bool(false)
bool(true)
NULL
bool(true)

Warning: session_start(): Tessera: cannot open the session store: redis 127.0.0.1:1: Connection refused in %s on line %d
bool(false)
