--TEST--
Tessera: handler: session_destroy() deletes the record and the ID is never adopted again
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
var_dump(session_start());
var_dump(session_destroy());
var_dump(file_exists(tsr_record_file($dir, $id)));

session_id($id);
var_dump(session_start());
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
bool(true)
array(0) {
}
