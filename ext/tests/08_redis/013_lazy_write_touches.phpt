--TEST--
Tessera: redis: an unchanged session is touched (its TTL moves on) without its bytes being rewritten
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
session.lazy_write=1
session.gc_maxlifetime=1440
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);
$id = tsr_redis_make_session($dsn, ['a' => 1]);
$rec = tsr_redis_rec_key($prefix, $id);
$port = tsr_redis_port();
$bytes = tsr_redis($port, ['GET', $rec]);
$deadline = tsr_redis($port, ['PEXPIRETIME', $rec]);

tsr_redis_let_time_pass(0.3);
$pttl_before = tsr_redis($port, ['PTTL', $rec]);

ini_set('session.save_path', $dsn);
session_id($id);
var_dump(session_start(), $_SESSION);
var_dump(session_write_close());

$pttl_after = tsr_redis($port, ['PTTL', $rec]);
var_dump(is_string($bytes), tsr_redis($port, ['GET', $rec]) === $bytes); // not rewritten
var_dump($pttl_after > $pttl_before);                                   // TTL moved on
var_dump(tsr_redis($port, ['PEXPIRETIME', $rec]) - $deadline >= 290);   // by the time that passed
var_dump($pttl_after <= 1440000);

// The control: a changed session is rewritten.
session_id($id);
session_start();
$_SESSION['a'] = 2;
session_write_close();
var_dump(tsr_redis($port, ['GET', $rec]) === $bytes);
?>
--EXPECT--
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
