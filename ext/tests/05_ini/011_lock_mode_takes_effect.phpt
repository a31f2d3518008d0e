--TEST--
Tessera: ini: tessera.lock_mode set with ini_set() applies to the next session_start()
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
foreach (['none', 'read_only', 'exclusive'] as $mode) {
    ini_set('tessera.lock_mode', $mode);
    session_start();
    echo Tessera\session_info()['lock_mode'], "\n";
    session_abort();
}
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
none
read_only
exclusive
