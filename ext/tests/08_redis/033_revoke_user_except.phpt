--TEST--
Tessera: redis: Store: revokeUser(): ends every session of the user but the one named
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
$m = new SessionManager($store);
$ids = [];
for ($i = 0; $i < 3; $i++) {
    $s = $m->start(null);
    $s->bindUser('ann');
    $m->commit($s);
    $ids[] = $s->id();
}
$bob = $m->start(null);
$bob->bindUser('bob');
$m->commit($bob);
var_dump($store->revokeUser('ann', $ids[0]));
var_dump(count($store->sessionsOf('ann')), count($store->sessionsOf('bob')));
var_dump($m->start($ids[0])->isNew(), $m->start($ids[1])->isNew());
var_dump($store->revokeUser('ann'));
oa_try(fn () => $store->revokeUser(''));
?>
--EXPECT--
int(2)
int(1)
int(1)
bool(false)
bool(true)
int(1)
ValueError: Tessera\Store::revokeUser(): Argument #1 ($userId) must be 1 to 256 bytes without NUL bytes
