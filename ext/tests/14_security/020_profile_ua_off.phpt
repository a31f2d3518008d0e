--TEST--
Tessera: Session: fingerprint_ua=off: another User-Agent is the same client
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1], ['fingerprint_ua' => 'off'], new Profile('', 'A'));
$m = new SessionManager($store, ['fingerprint_ua' => 'off']);
$m->onProfileChange(function () { echo "change\n"; return false; });
var_dump($m->start($id, new Profile('', 'B'))->id() === $id);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
