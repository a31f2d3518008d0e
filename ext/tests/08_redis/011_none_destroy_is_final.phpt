--TEST--
Tessera: redis: a lock_mode=none request cannot write back a session another request destroyed
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_mode="none"
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);
$id = tsr_redis_make_session($dsn, ['n' => 1]);
$rec = tsr_redis_rec_key($prefix, $id);
ini_set('session.save_path', $dsn);
session_id($id);
var_dump(session_start()); // lock_mode=none: read, no lock kept
var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', tsr_redis_lock_key($prefix, $id)]));

$child = tsr_redis_child($dsn, 'session_id(' . var_export($id, true) . ');'
    . 'session_start(); session_destroy(); echo "destroyed\n";',
    ['tessera.lock_mode' => 'exclusive']);
tsr_child_expect($child, 'destroyed');
var_dump(tsr_child_finish($child)[0]);
var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', $rec]));

$_SESSION['n'] = 2;
var_dump(session_write_close());
var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', $rec]));

session_id($id);
session_start();
var_dump(session_id() !== $id, $_SESSION);
?>
--EXPECTF--
bool(true)
int(0)
int(0)
int(0)

Warning: session_write_close(): Tessera: session was destroyed by another request; changes were not saved in %s on line %d
bool(true)
int(0)
bool(true)
array(0) {
}
