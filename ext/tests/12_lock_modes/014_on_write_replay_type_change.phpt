--TEST--
Tessera: Session: OnWrite: an increment replayed on a key another request made a string starts from 0
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['n' => 5]);
$m = new SessionManager($store);
$s = $m->start($id, null, LockMode::OnWrite);
var_dump($s->increment('n'));
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id); $s->set("n", "text"); $m->commit($s); echo "done\n";');
tsr_child_expect($child, 'done');
tsr_child_finish($child);
$m->commit($s);
var_dump(oa_read($store, $id)['n']);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(6)
int(1)
