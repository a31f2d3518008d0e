--TEST--
Tessera: handler: session_gc() deletes expired sessions only and returns how many
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$short = [];
for ($i = 0; $i < 3; $i++) {
    $short[] = tsr_make_session($dir, ['i' => $i], ['tessera.idle_timeout' => '1']);
}
$long = tsr_make_session($dir, ['keep' => true], ['tessera.idle_timeout' => '1000']);

$until = microtime(true) + 1.1;
while (microtime(true) < $until) {
    usleep(20000);
}

var_dump(session_start());
var_dump(session_gc());
foreach ($short as $id) {
    var_dump(file_exists(tsr_record_file($dir, $id)));
}
var_dump(file_exists(tsr_record_file($dir, $long)));
var_dump(session_gc());
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
int(3)
bool(false)
bool(false)
bool(false)
bool(true)
int(0)
