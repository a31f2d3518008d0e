--TEST--
Tessera: redis: the record expires with tessera.idle_timeout; after it the data is gone and a new ID is issued
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.idle_timeout=2
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);
$id = tsr_redis_make_session($dsn, ['a' => 1], ['tessera.idle_timeout' => '2']);
$rec = tsr_redis_rec_key($prefix, $id);
$pttl = tsr_redis(tsr_redis_port(), ['PTTL', $rec]);
var_dump($pttl > 0 && $pttl <= 2000);

tsr_redis_let_time_pass(2.1);

var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', $rec]));
ini_set('session.save_path', $dsn);
session_id($id);
var_dump(session_start());
var_dump(session_id() !== $id, tsr_is_tessera_id(session_id()), $_SESSION);
?>
--EXPECT--
bool(true)
int(0)
bool(true)
bool(true)
bool(true)
array(0) {
}
