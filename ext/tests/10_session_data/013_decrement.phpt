--TEST--
Tessera: Session: decrement(): subtracts, also PHP_INT_MIN without overflow trouble
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->set('n', 5);
var_dump($s->decrement('n'), $s->decrement('n', 2), $s->decrement('m', PHP_INT_MIN) === -(float) PHP_INT_MIN);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(4)
int(2)
bool(true)
