--TEST--
Tessera: drop-in: tessera.lock_mode=on_write: a write after another request destroyed the session warns once and recreates nothing
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
$id = tsr_make_session($dir, ['n' => 1]);
ini_set('tessera.lock_mode', 'on_write');
session_id($id);
session_start();
$_SESSION['n'] = 2;
$child = tsr_child($dir, 'session_id(' . var_export($id, true) . '); session_start(); session_destroy(); echo "done\n";');
tsr_child_expect($child, 'done');
tsr_child_finish($child);
var_dump(session_write_close());
var_dump(file_exists(tsr_record_file($dir, $id)));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_write_close(): Tessera: session was destroyed by another request; changes were not saved in %s on line %d
bool(true)
bool(false)
