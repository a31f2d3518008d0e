--TEST--
Tessera: handler: a new session with no data is still stored, so strict mode accepts its ID next time
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
var_dump(session_start());
$id = session_id();
var_dump($_SESSION);
var_dump(session_write_close());
var_dump(is_file(tsr_record_file($dir, $id)));

session_id($id);
var_dump(session_start());
var_dump(session_id() === $id);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
array(0) {
}
bool(true)
bool(true)
bool(true)
bool(true)
