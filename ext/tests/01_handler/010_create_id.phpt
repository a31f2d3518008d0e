--TEST--
Tessera: handler: session_create_id() in an active session returns a fresh Tessera ID and stores nothing
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
$current = session_id();
$new = session_create_id();
var_dump(tsr_is_tessera_id($new), $new !== $current);
var_dump(session_id() === $current);
var_dump(file_exists(tsr_record_file($dir, $new)));
var_dump(session_write_close());
var_dump(file_exists(tsr_record_file($dir, $new)));
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
bool(false)
bool(true)
bool(false)
