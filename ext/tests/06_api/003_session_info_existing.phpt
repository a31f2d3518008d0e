--TEST--
Tessera: api: Tessera\session_info() describes a stored session opened again
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_mode=read_only
tessera.idle_timeout=2000
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
// Stored with a 1000 s idle timeout; this request runs with 2000 s.
$id = tsr_make_session($dir, ['a' => 1], ['tessera.idle_timeout' => '1000']);
session_id($id);
session_start();
$i = Tessera\session_info();
var_dump($i['new'], $i['lock_mode']);
var_dump($i['created'] <= time(), $i['expires'] > time());
// read_only does not touch the session: its stored deadline (the record's mtime) stands.
var_dump($i['expires'] === filemtime(tsr_record_file($dir, $id)));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(false)
string(9) "read_only"
bool(true)
bool(true)
bool(true)
