--TEST--
Tessera: SessionManager: start(): a record whose data is not a serialized array throws StoreException and is left in place
--EXTENSIONS--
session
tessera
--INI--
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
// A drop-in session written with the default "php" serialize_handler ("a|i:1;").
ini_set('session.save_path', $dir);
ini_set('session.save_handler', 'tessera');
session_start();
$_SESSION['a'] = 1;
$id = session_id();
session_write_close();
$before = file_get_contents(tsr_record_file($dir, $id));
$m = new SessionManager($store);
oa_try(fn () => $m->start($id));
var_dump(file_get_contents(tsr_record_file($dir, $id)) === $before);
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Tessera\StoreException: stored session data is not a serialized array (written by another serialize_handler?); it was left in place
bool(true)
