--TEST--
Tessera: SessionManager: onLockLost(): an exception from the callback reaches commit()'s caller and no lock is left (redis)
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/../08_redis/redis.inc'; tsr_redis_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
require __DIR__ . '/../08_redis/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);
$store = Store::open($dsn);
$id = oa_make($store, ['n' => 0]);
// A holds the lock, which lives 1 s (lock_ttl); it then "hangs" past it.
$a = oa_child($dsn, $id, '$m = new SessionManager(Store::open($dir), ["lock_ttl" => 1]);'
    . '$m->onLockLost(function (Session $s) { echo "lock lost\n"; throw new DomainException("retry later"); });'
    . '$s = $m->start($id); echo "locked\n"; fgets(STDIN); $s->set("from_a", 1);'
    . 'try { var_dump($m->commit($s)); } catch (Throwable $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }'
    . 'echo "after\n"; fgets(STDIN);');
tsr_child_expect($a, 'locked');
// B waits until A's lock has expired, then takes the session over and writes.
$m = new SessionManager($store, ['lock_ttl' => 1, 'lock_wait_timeout' => 10]);
$b = $m->start($id);
$b->set('from_b', 1);
$m->commit($b);
tsr_child_send($a, 'go');
echo tsr_child_read($a), "\n", tsr_child_read($a), "\n";
tsr_child_expect($a, 'after');
// A is still running (its request not ended): no lock key is left, and the
// session can be locked at once.
var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', tsr_redis_lock_key($prefix, $id)]));
$m = new SessionManager($store, ['lock_wait_timeout' => 0]);
$c = $m->start($id, null, LockMode::Exclusive);
var_dump($c->get('from_a'), $c->get('from_b'));
$m->commit($c);
tsr_child_send($a, 'end');
var_dump(tsr_child_finish($a)[0]);
?>
--EXPECT--
lock lost
DomainException: retry later
int(0)
NULL
int(1)
int(0)
