--TEST--
Tessera: Session: ReadOnly: flash data is read but not consumed
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
$s->flash('m', 'hi');
$m->commit($s);
$id = $s->id();
$s = $m->start($id, null, LockMode::ReadOnly);
var_dump($s->getFlash('m'));
oa_try(fn () => $s->reflash());
$m->commit($s);
$s = $m->start($id);
var_dump($s->getFlash('m'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(2) "hi"
Tessera\ReadOnlyException: the session is open read-only (LockMode::ReadOnly); call lock() before changing it
string(2) "hi"
