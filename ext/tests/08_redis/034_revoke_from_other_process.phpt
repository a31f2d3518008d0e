--TEST--
Tessera: redis: Store: revoke() in another process (another server) ends the session for this one at once
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
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$s = $m->start(null);
$s->bindUser('ann');
$s->set('cart', 3);
$m->commit($s);
$id = $s->id();
// Still alive here, through this process's own connection.
$again = $m->start($id);
var_dump($again->id() === $id, $again->get('cart'));
$m->commit($again);

$child = oa_child(tsr_redis_dsn($prefix), $id, '$store = Store::open($dir);'
    . 'echo $store->revoke($id) ? "revoked\n" : "not found\n";');
[$code, $out, $err] = tsr_child_finish($child);
echo $out;
var_dump($code, $err);

// No waiting: the very next start here finds it gone.
var_dump($store->sessionsOf('ann'));
$after = $m->start($id);
var_dump($after->isNew(), $after->id() !== $id, $after->get('cart'));
?>
--EXPECT--
bool(true)
int(3)
revoked
int(0)
string(0) ""
array(0) {
}
invalid: revoked
bool(true)
bool(true)
NULL
