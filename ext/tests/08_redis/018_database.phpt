--TEST--
Tessera: redis: redis://host:port/2 keeps the sessions in database 2
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
$port = tsr_redis_port();
$dsn = "redis://127.0.0.1:$port/2?prefix=$prefix";
ini_set('session.save_path', $dsn);
var_dump(session_start());
$id = session_id();
$_SESSION['db'] = 2;
session_write_close();
$rec = tsr_redis_rec_key($prefix, $id);
var_dump(tsr_redis($port, ['EXISTS', $rec], null, 2), tsr_redis($port, ['EXISTS', $rec]));

$child = tsr_redis_child($dsn, 'session_id(' . var_export($id, true) . '); session_start(); echo $_SESSION["db"] ?? "none", "\n";');
var_dump(tsr_child_read($child), tsr_child_finish($child)[0]);
?>
--EXPECT--
bool(true)
int(1)
int(0)
string(1) "2"
int(0)
