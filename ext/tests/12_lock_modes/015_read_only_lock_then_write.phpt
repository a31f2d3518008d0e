--TEST--
Tessera: Session: ReadOnly: lock() upgrades to Exclusive, after which changes are saved
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
$s = $m->start($id, null, LockMode::ReadOnly);
$s->lock();
$s->set('n', 2);
var_dump($s->lockMode(), $m->commit($s), oa_read($store, $id)['n']);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
enum(Tessera\LockMode::Exclusive)
NULL
int(2)
