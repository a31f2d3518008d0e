--TEST--
Tessera: redis: session_gc() counts only what it deleted (Redis expired the dead sessions itself) and keeps live ones
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
$long = tsr_redis_make_session($dsn, ['keep' => true], ['tessera.idle_timeout' => '1000']);
$short = [];
$stored = 0;
for ($i = 0; $i < 3; $i++) {
    $short[] = $id = tsr_redis_make_session($dsn, ['i' => $i], ['tessera.idle_timeout' => '2']);
    $stored += tsr_redis(tsr_redis_port(), ['EXISTS', tsr_redis_rec_key($prefix, $id)]);
}
var_dump($stored);

tsr_redis_let_time_pass(2.1);

ini_set('session.save_path', $dsn);
var_dump(session_start());
$new = session_id();
var_dump(session_gc());
session_write_close();
foreach ($short as $id) {
    var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', tsr_redis_rec_key($prefix, $id)]));
}
var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', tsr_redis_rec_key($prefix, $long)]));
var_dump(tsr_redis(tsr_redis_port(), ['EXISTS', tsr_redis_rec_key($prefix, $new)]));
session_id($long);
var_dump(session_start(), $_SESSION);
?>
--EXPECT--
int(3)
bool(true)
int(0)
int(0)
int(0)
int(0)
int(1)
int(1)
bool(true)
array(1) {
  ["keep"]=>
  bool(true)
}
