--TEST--
Tessera: handler: a session still open at the end of the request is written then
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
$child = tsr_child($dir, 'session_start(); $_SESSION["n"] = 5; echo session_id(), "\n";');
$id = tsr_child_read($child);
[$code, $out, $err] = tsr_child_finish($child);
var_dump($code, $out, $err);

session_id($id);
session_start();
var_dump(session_id() === $id, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(0)
string(0) ""
string(0) ""
bool(true)
array(1) {
  ["n"]=>
  int(5)
}
