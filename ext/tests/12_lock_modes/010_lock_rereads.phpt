--TEST--
Tessera: Session: lock(): takes the lock, re-reads the stored record and keeps this request's changes
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['n' => 1]);
$m = new SessionManager($store);
$s = $m->start($id, null, LockMode::OnWrite);
$s->set('mine', 1);
$s->increment('n');
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id);'
    . '$s->set("theirs", 2); $s->set("n", 10); $m->commit($s); echo "done\n";');
tsr_child_expect($child, 'done');
tsr_child_finish($child);
$s->lock();
var_dump($s->lockMode(), $s->all());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
enum(Tessera\LockMode::Exclusive)
array(3) {
  ["n"]=>
  int(11)
  ["theirs"]=>
  int(2)
  ["mine"]=>
  int(1)
}
