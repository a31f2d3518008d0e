--TEST--
Tessera: Session: increment(): a float stays a float; an int overflowing becomes a float
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->set('f', 1.5);
var_dump($s->increment('f'));
$s->set('big', PHP_INT_MAX);
var_dump(is_float($s->increment('big')));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
float(2.5)
bool(true)
