--TEST--
Tessera: ini: tessera.sid_bits set in php.ini is used for new IDs
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.sid_bits=256
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
var_dump(ini_get('tessera.sid_bits'));
session_start();
var_dump(tsr_is_tessera_id(session_id(), 43));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(3) "256"
bool(true)
