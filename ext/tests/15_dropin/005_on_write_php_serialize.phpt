--TEST--
Tessera: drop-in: tessera.lock_mode=on_write merges with serialize_handler=php_serialize too
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_mode=on_write
session.serialize_handler=php_serialize
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$dir = tsr_setup(__FILE__);
$ini = ['tessera.lock_mode' => 'on_write', 'session.serialize_handler' => 'php_serialize'];
$id = tsr_make_session($dir, ['base' => 0], $ini);
session_id($id);
session_start();
$_SESSION['mine'] = [1, 2];
$child = tsr_child($dir, 'session_id(' . var_export($id, true) . '); session_start(); $_SESSION["theirs"] = true; session_write_close(); echo "done\n";', $ini);
tsr_child_expect($child, 'done');
tsr_child_finish($child);
session_write_close();
session_id($id);
session_start();
echo json_encode($_SESSION), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
{"base":0,"theirs":true,"mine":[1,2]}
