--TEST--
Tessera: SessionManager: onLockLost(): called instead of throwing when the commit's lock was lost (redis)
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
$prefix = tsr_redis_setup(__FILE__);
$dsn = tsr_redis_dsn($prefix);
$store = Store::open($dsn);
$id = oa_make($store, ['n' => 0]);
// A holds the lock, which lives 1 s (lock_ttl); it then "hangs" past it.
$a = oa_child($dsn, $id, '$m = new SessionManager(Store::open($dir), ["lock_ttl" => 1]);'
    . '$m->onLockLost(function (Session $s) { echo "lock lost: ", $s->get("from_a"), "\\n"; });'
    . '$s = $m->start($id); echo "locked\n"; fgets(STDIN); $s->set("from_a", 1);'
    . 'try { var_dump($m->commit($s)); } catch (Tessera\Exception $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }');
tsr_child_expect($a, 'locked');
// B waits until A's lock has expired, then takes the session over and writes.
$m = new SessionManager($store, ['lock_ttl' => 1, 'lock_wait_timeout' => 10]);
$b = $m->start($id);
$b->set('from_b', 1);
$m->commit($b);
tsr_child_send($a, 'go');
[$code, $out] = tsr_child_finish($a);
echo $out;
var_dump(oa_read($store, $id));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
require __DIR__ . '/../08_redis/redis.inc';
tsr_redis_cleanup(__FILE__);
?>
--EXPECTF--
lock lost: 1
NULL
array(2) {
  ["n"]=>
  int(0)
  ["from_b"]=>
  int(1)
}
