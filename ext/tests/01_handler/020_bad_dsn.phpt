--TEST--
Tessera: handler: a save_path that is not a store DSN gives one warning and session_start() false
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
ini_set('session.save_path', 'relative/dir');
var_dump(session_start());
ini_set('session.save_path', 'memcache://localhost');
var_dump(session_start());
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: %s in %s on line %d
bool(false)

Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: %s in %s on line %d
bool(false)
