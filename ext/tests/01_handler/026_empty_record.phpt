--TEST--
Tessera: handler: an empty record (what a power loss can leave of an unflushed write) gives a new session, no warning
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
file_put_contents($rec, '');
touch($rec, time() + 3600); // the deadline stays in the future

session_id($id);
var_dump(session_start());
var_dump(session_id() !== $id, tsr_is_tessera_id(session_id()));
var_dump($_SESSION);
$_SESSION['b'] = 2;
session_write_close();
clearstatcache();
var_dump(filesize($rec));
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
int(0)
