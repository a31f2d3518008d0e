--TEST--
Tessera: Session: regenerate(): under OnWrite it takes the lock first and keeps this request's changes
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
$s = $m->start($id, null, LockMode::OnWrite);
$s->set('b', 2);
$new = $s->regenerate();
var_dump($s->lockMode());
$m->commit($s);
var_dump(oa_read($store, $new));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
enum(Tessera\LockMode::Exclusive)
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  int(2)
}
