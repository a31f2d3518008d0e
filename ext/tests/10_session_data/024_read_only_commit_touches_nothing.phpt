--TEST--
Tessera: Session: ReadOnly: commit() writes nothing, not even the deadline
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$file = tsr_record_file($dir, $id);
touch($file, time() + 100);
clearstatcache();
$before = [filemtime($file), fileinode($file)];
$m = new SessionManager($store);
$s = $m->start($id, null, LockMode::ReadOnly);
var_dump($m->commit($s));
clearstatcache();
var_dump([filemtime($file), fileinode($file)] === $before);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
NULL
bool(true)
