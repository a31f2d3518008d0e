--TEST--
Tessera: handler: a corrupt record fails session_start() with one warning and is left in place
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
$rec = tsr_record_file($dir, $id);
file_put_contents($rec, 'not a record');
touch($rec, time() + 3600); // the deadline stays in the future

session_id($id);
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
var_dump(file_get_contents($rec));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_start(): Tessera: stored session record is corrupt and was left in place: %s in %s on line %d
bool(false)
bool(true)
string(12) "not a record"
