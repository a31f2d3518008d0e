--TEST--
Tessera: Session: OnWrite: a forget() is replayed on the stored record, keeping others' changes
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['gone' => 1, 'kept' => 1]);
$m = new SessionManager($store);
$s = $m->start($id, null, LockMode::OnWrite);
$s->forget('gone');
// Another request adds a key meanwhile.
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id); $s->set("new", 1); $m->commit($s); echo "done\n";');
tsr_child_expect($child, 'done');
tsr_child_finish($child);
$m->commit($s);
var_dump(oa_read($store, $id));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
array(2) {
  ["kept"]=>
  int(1)
  ["new"]=>
  int(1)
}
