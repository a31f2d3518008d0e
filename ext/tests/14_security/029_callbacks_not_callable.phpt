--TEST--
Tessera: SessionManager: callbacks: a non-callable is a TypeError; null removes the callback
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
oa_try(fn () => $m->onZombie('no_such_function'));
$m->onInvalidId(function () { echo "called\n"; });
$m->onInvalidId(null);
var_dump($m->start('bad')->isNew());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
TypeError: Tessera\SessionManager::onZombie(): Argument #1 ($callback) must be a valid callback or null, function "no_such_function" not found or invalid function name
bool(true)
