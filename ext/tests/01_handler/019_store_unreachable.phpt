--TEST--
Tessera: handler: open fails on a missing store directory with one warning and session_start() false
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
ini_set('session.save_path', "$dir/missing");
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_start(): Tessera: cannot open the session store: files store: directory '%s/missing' does not exist in %s on line %d
bool(false)
bool(true)
