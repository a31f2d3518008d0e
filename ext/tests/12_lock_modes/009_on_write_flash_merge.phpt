--TEST--
Tessera: Session: OnWrite: flash data another request stored meanwhile survives; what this request read is consumed
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$s = $m->start(null);
$s->flash('old', 'read by A');
$m->commit($s);
$id = $s->id();
$a = $m->start($id, null, LockMode::OnWrite);
var_dump($a->getFlash('old'));
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id, null, LockMode::OnWrite);'
    . '$s->flash("new", "from B"); $m->commit($s); echo "done\n";');
tsr_child_expect($child, 'done');
tsr_child_finish($child);
$a->set('x', 1);
$m->commit($a);
$s = $m->start($id);
var_dump($s->getFlash('old'), $s->getFlash('new'), $s->get('x'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(9) "read by A"
NULL
string(6) "from B"
int(1)
