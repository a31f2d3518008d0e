--TEST--
Tessera: redis: on a cluster a waiter blocks on the wake list and proceeds with the holder's data once released
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(cluster: true); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_cluster_dsn($prefix);
$id = tsr_redis_make_session($dsn, ['n' => 1]);
$owner = tsr_redis_cluster_owner(tsr_redis_rec_key($prefix, $id));

// A holds the session; B asks for it and must wait.
$a = tsr_redis_child($dsn, tsr_holder_code($id, '$_SESSION["n"] = 2;'));
tsr_child_expect($a, 'locked');
$b = tsr_redis_child($dsn, 'session_id(' . var_export($id, true) . '); fwrite(STDOUT, "asking\n");'
    . '$ok = session_start(); echo ($ok ? "n=" . $_SESSION["n"] : "failed"), "\n";',
    ['tessera.lock_wait_timeout' => '20']);
tsr_child_expect($b, 'asking');
// B waits in a blocking pop on the master that owns the session's slot, not in a sleep loop.
var_dump(tsr_redis_wait_blocked($owner));

// A writes n=2 and releases; B wakes and sees it.
tsr_child_send($a, 'go');
var_dump(tsr_child_finish($a)[0]);
var_dump(tsr_child_read($b));
[$code, $rest, $err] = tsr_child_finish($b);
var_dump($code, $err);
?>
--EXPECT--
bool(true)
int(0)
string(3) "n=2"
int(0)
string(0) ""
