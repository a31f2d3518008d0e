--TEST--
Tessera: handler: session_start(['read_and_close' => true]) reads the data and saves nothing
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
var_dump(session_start(['read_and_close' => true]));
var_dump(session_status() === PHP_SESSION_NONE, $_SESSION);
$_SESSION['a'] = 2;

session_id($id);
session_start();
var_dump($_SESSION['a']);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
int(1)
