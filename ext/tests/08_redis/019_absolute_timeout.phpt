--TEST--
Tessera: redis: a session older than tessera.absolute_timeout is dead however recently used
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.absolute_timeout=1
tessera.idle_timeout=1000
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);
$id = tsr_redis_make_session($dsn, ['a' => 1],
    ['tessera.absolute_timeout' => '1', 'tessera.idle_timeout' => '1000']);
$rec = tsr_redis_rec_key($prefix, $id);
// Redis drops the record at the earlier of the two deadlines: the absolute one.
$pttl = tsr_redis(tsr_redis_port(), ['PTTL', $rec]);
var_dump($pttl > 0 && $pttl <= 1000);
// Keep it in Redis well past that (as a clock step or a hand edit would): the read must still refuse it.
var_dump(tsr_redis(tsr_redis_port(), ['PEXPIRE', $rec, '600000']));

tsr_redis_let_time_pass(1.1);

ini_set('session.save_path', $dsn);
session_id($id);
var_dump(session_start());
var_dump(session_id() !== $id, tsr_is_tessera_id(session_id()), $_SESSION);
var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', $rec]));
?>
--EXPECT--
bool(true)
int(1)
bool(true)
bool(true)
bool(true)
array(0) {
}
int(0)
