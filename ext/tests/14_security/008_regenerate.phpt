--TEST--
Tessera: Session: regenerate(): a new ID holding the data; commit() returns its cookie
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
var_dump($new === $s->id(), $new !== $id, tsr_is_tessera_id($new));
$s->set('b', 2);
var_dump($m->commit($s) === "TESSERA=$new; Path=/; HttpOnly; SameSite=Lax");
var_dump(oa_read($store, $new));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  int(2)
}
