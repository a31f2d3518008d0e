--TEST--
Tessera: handler: session_regenerate_id(true) destroys the old session when tessera.regenerate_grace=0
--EXTENSIONS--
session
tessera
--INI--
tessera.regenerate_grace=0
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['a' => 1]);
session_id($id);
session_start();
var_dump(session_regenerate_id(true));
$new = session_id();
var_dump($new !== $id);
var_dump(file_exists(tsr_record_file($dir, $id)));
var_dump(session_write_close());

session_id($new);
session_start();
var_dump($_SESSION);
session_write_close();

session_id($id);
session_start();
var_dump(session_id() !== $id, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(false)
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
bool(true)
array(0) {
}
