--TEST--
Tessera: Session: OnWrite: start() and an unchanged commit() never wait for the holder
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['n' => 1]);
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id); echo "locked\n"; fgets(STDIN); $m->commit($s); echo "done\n";');
tsr_child_expect($child, 'locked');
$m = new SessionManager($store, ['lock_wait_timeout' => 0]);
$s = $m->start($id, null, LockMode::OnWrite);
var_dump($s->get('n'), $m->commit($s));
tsr_child_send($child, 'go');
tsr_child_expect($child, 'done');
var_dump(tsr_child_finish($child)[0]);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
NULL
int(0)
