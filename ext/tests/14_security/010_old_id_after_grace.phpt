--TEST--
Tessera: Session: regenerate(): after the grace the old ID is refused and reported to onInvalidId
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$m = new SessionManager($store, ['regenerate_grace' => 0]);
$s = $m->start($id);
$new = $s->regenerate();
$m->commit($s);
$m->onZombie(function () { echo "zombie\n"; });
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$z = $m->start($id);
var_dump($z->isNew(), $z->id() !== $new, $z->all());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
invalid: forwarded id after grace
bool(true)
bool(true)
array(0) {
}
