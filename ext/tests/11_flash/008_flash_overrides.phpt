--TEST--
Tessera: Session: flash(): this request's value hides the previous request's; now() hides flash()
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
$s->flash('m', 'old');
$m->commit($s);
$s = $m->start($s->id());
var_dump($s->getFlash('m'));
$s->flash('m', 'new');
var_dump($s->getFlash('m'));
$s->now('m', 'now');
var_dump($s->getFlash('m'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(3) "old"
string(3) "new"
string(3) "now"
