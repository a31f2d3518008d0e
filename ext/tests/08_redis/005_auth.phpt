--TEST--
Tessera: redis: AUTH with a password (redis://:pw@) and with user and password (redis://user:pw@)
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
foreach ([':' . TSR_REDIS_PASSWORD, 'default:' . TSR_REDIS_PASSWORD] as $userinfo) {
    $dsn = "redis://$userinfo@127.0.0.1:$port?prefix=$prefix";
    ini_set('session.save_path', $dsn);
    session_id('');
    var_dump(session_start());
    $id = session_id();
    $_SESSION['who'] = explode(':', $userinfo)[0] ?: 'password only';
    var_dump(session_write_close());
    var_dump(tsr_redis($port, ['EXISTS', tsr_redis_rec_key($prefix, $id)], TSR_REDIS_PASSWORD));
    session_id($id);
    var_dump(session_start(), $_SESSION['who']);
    session_write_close();
}
?>
--EXPECT--
bool(true)
bool(true)
int(1)
bool(true)
string(13) "password only"
bool(true)
bool(true)
int(1)
bool(true)
string(7) "default"
