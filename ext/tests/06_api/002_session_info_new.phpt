--TEST--
Tessera: api: Tessera\session_info() describes a new drop-in session
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
$before = time();
session_start();
$i = Tessera\session_info();
var_dump(array_keys($i));
var_dump($i['id_hint'] === substr(session_id(), 0, 6) . "\u{2026}");
var_dump($i['created'] >= $before && $i['created'] <= time());
var_dump($i['last_active'] === $i['created']);
var_dump($i['lock_mode'], $i['store'], $i['new']);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
array(7) {
  [0]=>
  string(7) "id_hint"
  [1]=>
  string(7) "created"
  [2]=>
  string(11) "last_active"
  [3]=>
  string(7) "expires"
  [4]=>
  string(9) "lock_mode"
  [5]=>
  string(5) "store"
  [6]=>
  string(3) "new"
}
bool(true)
bool(true)
bool(true)
string(9) "exclusive"
string(5) "files"
bool(true)
