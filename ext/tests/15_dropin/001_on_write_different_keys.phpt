--TEST--
Tessera: drop-in: tessera.lock_mode=on_write: two requests changing different keys both keep their change
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
$id = tsr_make_session($dir, ['base' => 0]);
$code = 'session_id(' . var_export($id, true) . '); session_start(); echo "read\n";'
    . '$k = trim(fgets(STDIN)); $_SESSION[$k] = "$k!"; session_write_close(); echo "done\n";';
$a = tsr_child($dir, $code, ['tessera.lock_mode' => 'on_write']);
$b = tsr_child($dir, $code, ['tessera.lock_mode' => 'on_write']);
tsr_child_expect($a, 'read');
tsr_child_expect($b, 'read');
tsr_child_send($a, 'a');
tsr_child_expect($a, 'done');
tsr_child_send($b, 'b');
tsr_child_expect($b, 'done');
var_dump(tsr_child_finish($a)[0], tsr_child_finish($b)[0]);
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
int(0)
int(0)
array(3) {
  ["base"]=>
  int(0)
  ["a"]=>
  string(2) "a!"
  ["b"]=>
  string(2) "b!"
}
