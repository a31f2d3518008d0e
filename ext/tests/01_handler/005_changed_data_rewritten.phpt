--TEST--
Tessera: handler: write replaces the record when the data changed
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
clearstatcache();
$inode = fileinode($rec);

session_id($id);
session_start();
$_SESSION['a'] = 2;
var_dump(session_write_close());
clearstatcache();
var_dump(fileinode($rec) !== $inode); // a new file renamed into place

session_id($id);
session_start();
var_dump($_SESSION);
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
  int(2)
}
