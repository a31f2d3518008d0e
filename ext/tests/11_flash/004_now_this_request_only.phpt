--TEST--
Tessera: Session: now(): the value is visible in this request only
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
$s->set('a', 1);
$s->now('notice', 'Draft');
var_dump($s->getFlash('notice'));
$m->commit($s);
$s = $m->start($s->id());
var_dump($s->getFlash('notice'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(5) "Draft"
NULL
