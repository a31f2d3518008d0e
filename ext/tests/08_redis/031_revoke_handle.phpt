--TEST--
Tessera: redis: Store: revoke(): a handle from sessionsOf() ends that session; its ID is then reported as revoked
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
$s = $m->start(null);
$s->bindUser('ann');
$s->set('secret', 'xyzzy-plugh');
$m->commit($s);
[$entry] = $store->sessionsOf('ann');
var_dump($store->revoke($entry['handle']), $store->sessionsOf('ann'));
// What stays under the key is a tombstone (so a later use reads "revoked"), not the data.
$rec = tsr_redis(tsr_redis_port(), ['GET', tsr_redis_rec_key($prefix, $s->id())]);
var_dump(is_string($rec) && !str_contains($rec, 'xyzzy-plugh'));
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
var_dump($m->start($s->id())->isNew());
?>
--EXPECT--
bool(true)
array(0) {
}
bool(true)
invalid: revoked
bool(true)
