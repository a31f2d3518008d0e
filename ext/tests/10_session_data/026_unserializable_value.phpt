--TEST--
Tessera: Session: data: a value that cannot be serialized fails commit() and stores nothing
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
$s->set('f', fn () => 1);
oa_try(fn () => $m->commit($s));
var_dump(tsr_files($dir));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Exception: Serialization of 'Closure' is not allowed
array(0) {
}
