--TEST--
Tessera: lock: an exclusive session keeps its lock until session_write_close()
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
$id = tsr_make_session($dir, ['n' => 1]);
session_id($id);
session_start();

$code = 'session_id(' . var_export($id, true) . ');'
    . 'echo session_start() ? "opened\n" : "refused\n";';
$ini = ['tessera.lock_wait_timeout' => '0', 'display_errors' => '0'];

$child = tsr_child($dir, $code, $ini);
var_dump(tsr_child_read($child));
tsr_child_finish($child);

session_write_close();
$child = tsr_child($dir, $code, $ini);
var_dump(tsr_child_read($child));
tsr_child_finish($child);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(7) "refused"
string(6) "opened"
