--TEST--
Tessera: handler: session_reset() brings back the data as read at session start
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
$id = tsr_make_session($dir, ['a' => 1]);
session_id($id);
session_start();
$_SESSION['a'] = 99;
$_SESSION['b'] = 2;
var_dump(session_reset());
var_dump(session_status() === PHP_SESSION_ACTIVE, session_id() === $id);
var_dump($_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
