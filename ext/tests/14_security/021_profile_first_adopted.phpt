--TEST--
Tessera: Session: fingerprint: a session without a profile adopts the first one it sees
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$m = new SessionManager($store);
$m->onProfileChange(function () { echo "change\n"; return false; });
$s = $m->start($id, new Profile('', 'A'));
$m->commit($s);
var_dump($s->id() === $id);
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
var_dump($m->start($id, new Profile('', 'B'))->isNew());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
change
invalid: profile changed
bool(true)
