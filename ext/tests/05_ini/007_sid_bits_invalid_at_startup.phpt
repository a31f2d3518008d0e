--TEST--
Tessera: ini: an invalid tessera.sid_bits in php.ini is refused and the default kept
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.sid_bits=100
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
var_dump(ini_get('tessera.sid_bits'));
session_start();
var_dump(tsr_is_tessera_id(session_id(), 32));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Warning: PHP Startup: tessera.sid_bits must be a whole number of bits from 128 to 384, "100" given in Unknown on line 0
string(3) "192"
bool(true)
