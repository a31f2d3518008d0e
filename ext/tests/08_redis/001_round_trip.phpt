--TEST--
Tessera: redis: a session round-trips through redis:// under its prefix, keyed by a hash of its ID
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
session.gc_maxlifetime=1440
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);

// A child creates the session; this process reads it back, changes it, and a second child sees the change.
$id = tsr_redis_make_session($dsn, ['a' => 1, 'b' => 'two']);
var_dump(tsr_is_tessera_id($id));
ini_set('session.save_path', $dsn);
session_id($id);
var_dump(session_start(), session_id() === $id, $_SESSION);
$_SESSION['a'] = 2;
var_dump(session_write_close());

$child = tsr_redis_child($dsn, 'session_id(' . var_export($id, true) . '); session_start();'
    . 'echo json_encode($_SESSION), "\n";');
var_dump(tsr_child_read($child));
var_dump(tsr_child_finish($child)[0]);

// What the store wrote: one record key "<prefix>{sha256(id)}:rec", no lock left, no raw ID anywhere.
$keys = tsr_redis_scan(tsr_redis_port(), $prefix . '*');
$rec = tsr_redis_rec_key($prefix, $id);
var_dump(in_array($rec, $keys, true));
var_dump(array_values(array_filter($keys, fn ($k) => str_ends_with($k, ':lock'))));
var_dump(count(array_filter($keys, fn ($k) => str_contains($k, $id))));
$bytes = tsr_redis(tsr_redis_port(), ['GET', $rec]);
var_dump(is_string($bytes) && str_contains($bytes, 'a|i:2;'), str_contains($bytes, $id));
// The record expires with the idle timeout (session.gc_maxlifetime here).
$pttl = tsr_redis(tsr_redis_port(), ['PTTL', $rec]);
var_dump($pttl > 1430000 && $pttl <= 1440000);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  string(3) "two"
}
bool(true)
string(17) "{"a":2,"b":"two"}"
int(0)
bool(true)
array(0) {
}
int(0)
bool(true)
bool(false)
bool(true)
