--TEST--
Tessera: id: an unknown ID is never adopted, even with session.use_strict_mode=0
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
session.use_strict_mode=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$unknown = str_repeat('A', 32); // well formed, but no such session
session_id($unknown);
var_dump(session_start());
$id = session_id();
var_dump($id !== $unknown, tsr_is_tessera_id($id), $_SESSION);
session_write_close();
var_dump(file_exists(tsr_record_file($dir, $unknown)));
var_dump(file_exists(tsr_record_file($dir, $id)));
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
array(0) {
}
bool(false)
bool(true)
