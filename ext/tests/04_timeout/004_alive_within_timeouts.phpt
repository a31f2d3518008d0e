--TEST--
Tessera: timeout: a session within its idle and absolute timeouts is kept
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.absolute_timeout=1000
tessera.idle_timeout=1000
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['a' => 1],
    ['tessera.absolute_timeout' => '1000', 'tessera.idle_timeout' => '1000']);

// Wait until the clock has passed the 1-second timeout.
$until = microtime(true) + 1.1;
while (microtime(true) < $until) {
    usleep(20000);
}

session_id($id);
var_dump(session_start());
var_dump(session_id() === $id, $_SESSION);
var_dump(file_exists(tsr_record_file($dir, $id)));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
bool(true)
