--TEST--
Tessera: drop-in: tessera.lock_mode=on_write: an unset key is removed, a key added meanwhile by another request kept
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
$id = tsr_make_session($dir, ['gone' => 1, 'kept' => 1]);
ini_set('tessera.lock_mode', 'on_write');
session_id($id);
session_start();
unset($_SESSION['gone']);
$child = tsr_child($dir, 'session_id(' . var_export($id, true) . '); session_start(); $_SESSION["new"] = 1; session_write_close(); echo "done\n";');
tsr_child_expect($child, 'done');
tsr_child_finish($child);
session_write_close();
session_id($id);
session_start();
var_dump($_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
array(2) {
  ["kept"]=>
  int(1)
  ["new"]=>
  int(1)
}
