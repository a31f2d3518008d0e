--TEST--
Tessera: drop-in: Tessera\csrf_token() under on_write: the secret survives the merge
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
$t = Tessera\csrf_token();
$_SESSION['b'] = 2;
session_write_close();
session_id($id);
session_start();
var_dump(Tessera\csrf_verify($t), $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  int(2)
}
