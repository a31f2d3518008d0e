--TEST--
Tessera: drop-in: Tessera\csrf_token(): a masked token of the session, verified by csrf_verify() in the next request
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
session_start();
$_SESSION['a'] = 1;
$t = Tessera\csrf_token();
var_dump(strlen($t), $t !== Tessera\csrf_token(), Tessera\csrf_verify($t));
$id = session_id();
session_write_close();
$child = tsr_child($dir, 'session_id(' . var_export($id, true) . '); session_start(); var_dump(Tessera\csrf_verify(' . var_export($t, true) . '), Tessera\csrf_verify("forged"));');
echo tsr_child_finish($child)[1];
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(86)
bool(true)
bool(true)
bool(true)
bool(false)
