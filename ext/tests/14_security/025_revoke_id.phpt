--TEST--
Tessera: Store: revoke(): a session ID works too; a second revoke finds nothing
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
var_dump($store->revoke($id), $store->revoke($id));
oa_try(fn () => $store->revoke('not an id'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(false)
ValueError: Tessera\Store::revoke(): Argument #1 ($sessionId) must be a session ID or a handle from sessionsOf()
