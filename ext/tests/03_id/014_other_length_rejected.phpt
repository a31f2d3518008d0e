--TEST--
Tessera: id: a stored session whose ID has another length than tessera.sid_bits gives is not opened
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.sid_bits=128
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['a' => 1], ['tessera.sid_bits' => '192']);
var_dump(strlen($id));
session_id($id);
session_start(); // this request runs with tessera.sid_bits=128
var_dump(session_id() !== $id, strlen(session_id()), $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(32)
bool(true)
int(22)
array(0) {
}
