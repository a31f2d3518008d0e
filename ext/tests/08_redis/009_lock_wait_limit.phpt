--TEST--
Tessera: redis: reaching tessera.lock_wait_timeout while a child holds the lock fails with exactly one warning
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_wait_timeout=0.3
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);
$id = tsr_redis_make_session($dsn, ['n' => 1]);
$child = tsr_redis_child($dsn, tsr_holder_code($id, '$_SESSION["n"] = 2;'));
tsr_child_expect($child, 'locked');
$lock = tsr_redis(tsr_redis_port(), ['GET', tsr_redis_lock_key($prefix, $id)]);

ini_set('session.save_path', $dsn);
session_id($id);
$t = microtime(true);
var_dump(session_start());
$waited = microtime(true) - $t;
var_dump(session_status() === PHP_SESSION_NONE, $_SESSION);
// It waited for the limit (0.3 s), and not much longer.
var_dump($waited >= 0.29, $waited < 2.0);
// The holder's lock was left alone.
var_dump(is_string($lock), tsr_redis(tsr_redis_port(), ['GET', tsr_redis_lock_key($prefix, $id)]) === $lock);

tsr_child_send($child, 'go');
var_dump(tsr_child_finish($child)[0]);

// Nothing was replaced or lost: the session is there with the holder's write.
session_id($id);
var_dump(session_start(), session_id() === $id, $_SESSION);
?>
--EXPECTF--
Warning: session_start(): Tessera: lock wait limit of 0.3 s reached (tessera.lock_wait_timeout) in %s on line %d
bool(false)
bool(true)
array(0) {
}
bool(true)
bool(true)
bool(true)
bool(true)
int(0)
bool(true)
bool(true)
array(1) {
  ["n"]=>
  int(2)
}
