--TEST--
Tessera: Session: keeps its manager and store alive; only its own manager can commit it
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager(Store::open($dir));
$s = $m->start(null);
$s->set('a', 1);
unset($m);
gc_collect_cycles();
var_dump($s->get('a'));
$m2 = new SessionManager($store);
oa_try(fn () => $m2->commit($s));
unset($s);
var_dump(tsr_files($dir));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
Tessera\InvalidSessionException: the session belongs to another SessionManager
array(0) {
}
