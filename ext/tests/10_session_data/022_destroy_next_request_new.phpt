--TEST--
Tessera: Session: destroy(): the old ID then starts a new session
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
$s->destroy();
$m->commit($s);
$s = $m->start($id);
var_dump($s->isNew(), $s->id() !== $id, $s->all());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
array(0) {
}
