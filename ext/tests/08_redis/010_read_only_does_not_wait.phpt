--TEST--
Tessera: redis: tessera.lock_mode=read_only reads while a child holds the lock, and leaves the lock alone
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_mode=read_only
tessera.lock_wait_timeout=0
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);
$id = tsr_redis_make_session($dsn, ['n' => 1]);
$child = tsr_redis_child($dsn, tsr_holder_code($id, '$_SESSION["n"] = 2;'));
tsr_child_expect($child, 'locked');
$lock_key = tsr_redis_lock_key($prefix, $id);
$lock = tsr_redis(tsr_redis_port(), ['GET', $lock_key]);

// lock_wait_timeout is 0: any wait for the child's lock would fail at once.
ini_set('session.save_path', $dsn);
session_id($id);
var_dump(session_start(), $_SESSION);
var_dump(Tessera\session_info()['lock_mode']);
var_dump(session_write_close());
var_dump(is_string($lock), tsr_redis(tsr_redis_port(), ['GET', $lock_key]) === $lock);

tsr_child_send($child, 'go');
var_dump(tsr_child_finish($child)[0]);
// The holder's write went through.
session_id($id);
var_dump(session_start(), $_SESSION['n']);
?>
--EXPECT--
bool(true)
array(1) {
  ["n"]=>
  int(1)
}
string(9) "read_only"
bool(true)
bool(true)
bool(true)
int(0)
bool(true)
int(2)
