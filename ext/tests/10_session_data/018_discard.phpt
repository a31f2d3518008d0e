--TEST--
Tessera: Session: discard(): drops this request's changes; commit then writes nothing new
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
$s->set('a', 2);
$s->set('b', 3);
$s->flash('msg', 'hi');
$s->discard();
var_dump($s->all(), $s->getFlash('msg'));
$m->commit($s);
var_dump(oa_read($store, $id));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
array(1) {
  ["a"]=>
  int(1)
}
NULL
array(1) {
  ["a"]=>
  int(1)
}
