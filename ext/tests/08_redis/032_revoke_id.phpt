--TEST--
Tessera: redis: Store: revoke(): a session ID works too; a second revoke finds nothing
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
require __DIR__ . '/../07_object_api/object_api.inc';
$prefix = tsr_redis_setup();
$store = Tessera\Store::open(tsr_redis_dsn($prefix));
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
var_dump($store->revoke($id), $store->revoke($id));
oa_try(fn () => $store->revoke('not an id'));
?>
--EXPECT--
bool(true)
bool(false)
ValueError: Tessera\Store::revoke(): Argument #1 ($sessionId) must be a session ID or a handle from sessionsOf()
