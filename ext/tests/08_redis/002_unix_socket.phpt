--TEST--
Tessera: redis: redis+unix:// reaches the same server over its unix socket
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
$dsn = 'redis+unix://' . tsr_redis_socket() . '?prefix=' . $prefix;

ini_set('session.save_path', $dsn);
var_dump(session_start());
$id = session_id();
$_SESSION['via'] = 'unix';
var_dump(session_write_close());

// The record is on the server behind the socket: seen over TCP too.
$rec = tsr_redis_rec_key($prefix, $id);
var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', $rec]));
var_dump(tsr_redis(tsr_redis_socket(), ['EXISTS', $rec]));

// A child on the socket DSN reads it back.
$child = tsr_redis_child($dsn, 'session_id(' . var_export($id, true) . '); session_start();'
    . 'echo $_SESSION["via"] ?? "none", "\n";');
var_dump(tsr_child_read($child), tsr_child_finish($child)[0]);
?>
--EXPECT--
bool(true)
bool(true)
int(1)
int(1)
string(4) "unix"
int(0)
