--TEST--
Tessera: handler: session_encode() and session_decode() work on a Tessera session
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
session_start();
$_SESSION['x'] = [1, 2];
var_dump(session_encode());
var_dump(session_decode('y|i:5;'));
$id = session_id();
session_write_close();

session_id($id);
session_start();
var_dump($_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(24) "x|a:2:{i:0;i:1;i:1;i:2;}"
bool(true)
array(2) {
  ["x"]=>
  array(2) {
    [0]=>
    int(1)
    [1]=>
    int(2)
  }
  ["y"]=>
  int(5)
}
