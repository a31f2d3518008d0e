--TEST--
Tessera: redis: a holder whose lock expired and was taken over gets its write refused with one warning; the newer data stays
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_wait_timeout=10
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);
$id = tsr_redis_make_session($dsn, ['v' => 'first']);
$lock_key = tsr_redis_lock_key($prefix, $id);

// The holder's lock lives 1 s; it never releases it in time.
$holder = tsr_redis_child($dsn, tsr_holder_code($id,
    '$_SESSION["v"] = "stale"; var_export(session_write_close()); echo "\n";'),
    ['tessera.lock_ttl' => '1']);
tsr_child_expect($holder, 'locked');
$pttl = tsr_redis(tsr_redis_port(), ['PTTL', $lock_key]);

// This request waits for the lock to lapse, takes it, and writes.
ini_set('session.save_path', $dsn);
session_id($id);
$t = microtime(true);
var_dump(session_start());
$waited = (microtime(true) - $t) * 1000;
var_dump($pttl > 0 && $pttl <= 1000, $waited >= $pttl - 50, $waited < 5000);
var_dump($_SESSION['v']);
$_SESSION['v'] = 'newer';
var_dump(session_write_close());

// Now the stale holder tries to write (PHP's session_write_close() says true whatever the handler did).
tsr_child_send($holder, 'go');
[$code, $out, $err] = tsr_child_finish($holder);
var_dump($code, trim($out));
var_dump(substr_count($err, 'Warning'), substr_count($err,
    'Tessera: session lock was taken over by another request; changes were not saved'));

session_id($id);
var_dump(session_start(), $_SESSION['v']);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
string(5) "first"
bool(true)
int(0)
string(4) "true"
int(1)
int(1)
bool(true)
string(5) "newer"
