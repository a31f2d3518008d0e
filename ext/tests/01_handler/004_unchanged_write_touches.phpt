--TEST--
Tessera: handler: with session.lazy_write=0 an unchanged session is still only touched
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
session.lazy_write=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['a' => 1]);
$rec = tsr_record_file($dir, $id);
clearstatcache();
$bytes = file_get_contents($rec);
$inode = fileinode($rec);
$mtime = filemtime($rec); // the files store keeps the session's deadline as the record's mtime

// Let the clock pass a whole second, so the new deadline shows in filemtime().
$until = microtime(true) + 1.05;
while (microtime(true) < $until) {
    usleep(20000);
}

session_id($id);
var_dump(session_start(), $_SESSION);
var_dump(session_write_close());
clearstatcache();
var_dump(file_get_contents($rec) === $bytes); // not rewritten
var_dump(fileinode($rec) === $inode);         // not replaced
var_dump(filemtime($rec) > $mtime);           // but its deadline moved
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
bool(true)
bool(true)
bool(true)
bool(true)
