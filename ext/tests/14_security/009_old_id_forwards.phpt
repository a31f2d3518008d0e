--TEST--
Tessera: Session: regenerate(): inside the grace the old ID opens the new session, reports onZombie and sends the new cookie
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
$s = $m->start($id);
$new = $s->regenerate();
$m->commit($s);
$m->onZombie(function (Session $z) use ($new) { echo "zombie: ", $z->id() === $new ? 'new id' : 'other', "\n"; });
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$z = $m->start($id);
var_dump($z->id() === $new, $z->isNew(), $z->get('a'));
var_dump($m->commit($z) === "TESSERA=$new; Path=/; HttpOnly; SameSite=Lax");
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
zombie: new id
bool(true)
bool(false)
int(1)
bool(true)
