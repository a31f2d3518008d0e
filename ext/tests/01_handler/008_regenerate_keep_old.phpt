--TEST--
Tessera: handler: session_regenerate_id(false) moves the data to a new ID and keeps the old session
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
$_SESSION['b'] = 2;
var_dump(session_regenerate_id(false));
$new = session_id();
var_dump($new !== $id, tsr_is_tessera_id($new));
var_dump(session_write_close());

session_id($new);
session_start();
var_dump(session_id() === $new, $_SESSION);
session_write_close();

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
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  int(2)
}
bool(true)
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  int(2)
}
