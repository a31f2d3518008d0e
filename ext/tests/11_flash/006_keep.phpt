--TEST--
Tessera: Session: keep(): keeps only the named flash values for one more request
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
$s->keep('a', 'missing');
$m->commit($s);
$s = $m->start($id);
var_dump($s->getFlash('a'), $s->getFlash('b'), $s->getFlash('missing'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
NULL
NULL
