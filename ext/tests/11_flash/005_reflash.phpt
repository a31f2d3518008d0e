--TEST--
Tessera: Session: reflash(): keeps every flash value for one more request
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
$s->flash('a', 1);
$s->flash('b', 2);
$m->commit($s);
$id = $s->id();
$s = $m->start($id);
$s->reflash();
$m->commit($s);
$s = $m->start($id);
var_dump($s->getFlash('a'), $s->getFlash('b'));
$m->commit($s);
$s = $m->start($id);
var_dump($s->getFlash('a'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
int(2)
NULL
