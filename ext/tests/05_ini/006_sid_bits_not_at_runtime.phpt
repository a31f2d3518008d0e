--TEST--
Tessera: ini: tessera.sid_bits cannot be changed at run time
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
var_dump(ini_get('tessera.sid_bits'));
var_dump(ini_set('tessera.sid_bits', '256'));
var_dump(ini_get('tessera.sid_bits'));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(3) "192"
bool(false)
string(3) "192"
