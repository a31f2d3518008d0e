--TEST--
Tessera: handler: a reserved store scheme (sqlite://) gives one warning saying the store is not available in this build
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
ini_set('session.save_path', "sqlite://$dir/sessions.db");
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE, file_exists("$dir/sessions.db"));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: store 'sqlite' not available in this build in %s on line %d
bool(false)
bool(true)
bool(false)
