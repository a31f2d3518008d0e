--TEST--
Tessera: redis: the lock lives tessera.lock_ttl seconds, also when the setting changes at runtime
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_dsn($prefix);
$port = tsr_redis_port();
ini_set('session.save_path', $dsn);

/* PTTL of the lock on the session this process holds now. */
function lock_pttl(string $prefix): int
{
    return tsr_redis(tsr_redis_port(), ['PTTL', tsr_redis_lock_key($prefix, session_id())]);
}

// Default: 60 s.
var_dump(ini_get('tessera.lock_ttl'));
var_dump(session_start());
$p = lock_pttl($prefix);
var_dump($p > 55000 && $p <= 60000);
$id = session_id();
session_write_close();
var_dump(tsr_redis($port, ['EXISTS', tsr_redis_lock_key($prefix, $id)])); // released

// Changed with ini_set() in the same process (the store handle is cached): 3 s.
var_dump(ini_set('tessera.lock_ttl', '3') !== false);
session_id($id);
var_dump(session_start());
$p = lock_pttl($prefix);
var_dump($p > 0 && $p <= 3000);
session_write_close();

// And back: 60 s again.
ini_set('tessera.lock_ttl', '60');
session_id($id);
session_start();
$p = lock_pttl($prefix);
var_dump($p > 3000 && $p <= 60000);
session_write_close();

// Set at startup (-d) in a child: 7 s.
$child = tsr_redis_child($dsn, tsr_holder_code($id), ['tessera.lock_ttl' => '7']);
tsr_child_expect($child, 'locked');
$p = tsr_redis($port, ['PTTL', tsr_redis_lock_key($prefix, $id)]);
var_dump($p > 3000 && $p <= 7000);
tsr_child_send($child, 'go');
var_dump(tsr_child_finish($child)[0]);
?>
--EXPECT--
string(2) "60"
bool(true)
bool(true)
int(0)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(0)
