--TEST--
Tessera: Session: OnWrite: a commit with changes waits for the lock, then merges
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['n' => 1]);
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id); echo "locked\n"; fgets(STDIN); usleep(200000); $s->set("held", 1); $m->commit($s); echo "released\n";');
tsr_child_expect($child, 'locked');
$m = new SessionManager($store);
$s = $m->start($id, null, LockMode::OnWrite);
$s->increment('n');
tsr_child_send($child, 'go');
var_dump($m->commit($s));
tsr_child_expect($child, 'released');
tsr_child_finish($child);
var_dump(oa_read($store, $id));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
NULL
array(2) {
  ["n"]=>
  int(2)
  ["held"]=>
  int(1)
}
