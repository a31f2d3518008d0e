--TEST--
Tessera: Store: revoke(): its parameter is $sessionId, as named arguments see it
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
var_dump($store->revoke(sessionId: $id));
echo (new ReflectionMethod(Store::class, 'revoke'))->getParameters()[0]->getName(), "\n";
oa_try(fn () => $store->revoke(session: $id));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
sessionId
Error: Unknown named parameter $session
