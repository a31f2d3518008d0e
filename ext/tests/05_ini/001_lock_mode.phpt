--TEST--
Tessera: ini: tessera.lock_mode takes exclusive, on_write, read_only or none and refuses anything else
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
var_dump(ini_get('tessera.lock_mode'));
foreach (['read_only', 'none', 'on_write', 'exclusive'] as $v) {
    var_dump(ini_set('tessera.lock_mode', $v) !== false, ini_get('tessera.lock_mode'));
}
ini_set('tessera.lock_mode', 'read_only');
foreach (['shared', 'EXCLUSIVE', 'none ', 'read-only'] as $v) {
    var_dump(ini_set('tessera.lock_mode', $v));
}
var_dump(ini_get('tessera.lock_mode'));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
string(9) "exclusive"
bool(true)
string(9) "read_only"
bool(true)
string(4) "none"
bool(true)
string(8) "on_write"
bool(true)
string(9) "exclusive"

Warning: ini_set(): tessera.lock_mode must be one of exclusive, on_write, read_only, none, "shared" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_mode must be one of exclusive, on_write, read_only, none, "EXCLUSIVE" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_mode must be one of exclusive, on_write, read_only, none, "none " given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_mode must be one of exclusive, on_write, read_only, none, "read-only" given in %s on line %d
bool(false)
string(9) "read_only"
