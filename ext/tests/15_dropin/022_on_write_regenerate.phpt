--TEST--
Tessera: drop-in: tessera.lock_mode=on_write with session_regenerate_id(true): the changes land in the new session, the old ID forwards
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['a' => 1]);
ini_set('tessera.lock_mode', 'on_write');
session_id($id);
session_start();
$_SESSION['b'] = 2;
var_dump(session_regenerate_id(true));
$new = session_id();
$_SESSION['c'] = 3;
session_write_close();
session_id($id);
session_start();
var_dump(session_id() === $new, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
array(3) {
  ["a"]=>
  int(1)
  ["b"]=>
  int(2)
  ["c"]=>
  int(3)
}
