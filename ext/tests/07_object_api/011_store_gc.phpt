--TEST--
Tessera: Store: gc(): deletes expired sessions, counts them, keeps live ones
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$dead = oa_make($store, ['a' => 1]);
$live = oa_make($store, ['b' => 2]);
// The files store keeps a session's deadline as its record's mtime: move it into the past.
touch(tsr_record_file($dir, $dead), time() - 10);
var_dump($store->gc());
var_dump(file_exists(tsr_record_file($dir, $dead)), file_exists(tsr_record_file($dir, $live)));
var_dump($store->gc());
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
bool(false)
bool(true)
int(0)
