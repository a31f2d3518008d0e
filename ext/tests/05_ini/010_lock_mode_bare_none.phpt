--TEST--
Tessera: ini: a bare none for tessera.lock_mode in php.ini (an empty value) is refused and exclusive kept
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_mode=none
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
var_dump(ini_get('tessera.lock_mode'));
var_dump(ini_set('tessera.lock_mode', ''));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: PHP Startup: tessera.lock_mode must be one of exclusive, on_write, read_only, none (in php.ini write "none" in quotes: a bare none is an empty value), "" given in Unknown on line 0
string(9) "exclusive"

Warning: ini_set(): tessera.lock_mode must be one of exclusive, on_write, read_only, none (in php.ini write "none" in quotes: a bare none is an empty value), "" given in %s on line %d
bool(false)
