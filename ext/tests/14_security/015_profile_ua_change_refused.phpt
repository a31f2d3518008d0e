--TEST--
Tessera: Session: fingerprint: another User-Agent without a callback: the session is destroyed, a new one issued
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1], [], new Profile('', 'Browser A'));
$m = new SessionManager($store);
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$s = $m->start($id, new Profile('', 'Browser B'));
var_dump($s->isNew(), $s->all(), file_exists(tsr_record_file($dir, $id)));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
invalid: profile changed
bool(true)
array(0) {
}
bool(false)
