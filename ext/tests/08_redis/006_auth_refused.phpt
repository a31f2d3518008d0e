--TEST--
Tessera: redis: a wrong or missing password fails session_start() with exactly one warning that never shows the password
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(auth: true); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$port = tsr_redis_auth_port();

ini_set('session.save_path', "redis://:Wr0ngSecret@127.0.0.1:$port?prefix=$prefix");
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);

ini_set('session.save_path', "redis://127.0.0.1:$port?prefix=$prefix");
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);

// Nothing was written under our prefix.
var_dump(tsr_redis_scan($port, $prefix . '*', TSR_REDIS_PASSWORD));
?>
--EXPECTF--
Warning: session_start(): Tessera: cannot open the session store: redis 127.0.0.1:%d: AUTH refused: WRONGPASS invalid username-password pair or user is disabled. in %s on line %d
bool(false)
bool(true)

Warning: session_start(): Tessera: redis 127.0.0.1:%d: %s: NOAUTH Authentication required. in %s on line %d
bool(false)
bool(true)
array(0) {
}
