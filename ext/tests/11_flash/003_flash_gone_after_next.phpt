--TEST--
Tessera: Session: flash(): the value is gone after the next request
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
$s->set('keep', 1);
$s->flash('status', 'Saved');
$m->commit($s);
$id = $s->id();
$s = $m->start($id);
$m->commit($s);
$s = $m->start($id);
var_dump($s->getFlash('status'), $s->get('keep'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
NULL
int(1)
