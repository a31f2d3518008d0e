--TEST--
Tessera: handler: session_status() and session_id() follow a Tessera session through its life
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
var_dump(session_status() === PHP_SESSION_NONE, session_id());
session_start();
$id = session_id();
var_dump(session_status() === PHP_SESSION_ACTIVE, strlen($id));
session_write_close();
var_dump(session_status() === PHP_SESSION_NONE, session_id() === $id);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
string(0) ""
bool(true)
int(32)
bool(true)
bool(true)
