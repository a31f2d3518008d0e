--TEST--
Tessera: id: PHP's own session.use_strict_mode is back in force once the Tessera session is closed
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
session.use_strict_mode=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
session_start();
session_write_close();
var_dump(ini_get('session.use_strict_mode'));

// The files handler, not strict here, adopts an unknown ID again.
ini_set('session.save_handler', 'files');
$unknown = str_repeat('b', 32);
session_id($unknown);
session_start();
var_dump(session_id() === $unknown);
session_abort();
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(1) "0"
bool(true)
