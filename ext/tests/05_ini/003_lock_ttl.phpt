--TEST--
Tessera: ini: tessera.lock_ttl takes whole seconds from 1 to 86400
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
var_dump(ini_get('tessera.lock_ttl'));
foreach (['60', '1', '86400'] as $v) {
    var_dump(ini_set('tessera.lock_ttl', $v) !== false, ini_get('tessera.lock_ttl'));
}
ini_set('tessera.lock_ttl', '60');
foreach (['0', '1.5', '-5', 'x', '86401', ''] as $v) {
    var_dump(ini_set('tessera.lock_ttl', $v));
}
var_dump(ini_get('tessera.lock_ttl'));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
string(2) "60"
bool(true)
string(2) "60"
bool(true)
string(1) "1"
bool(true)
string(5) "86400"

Warning: ini_set(): tessera.lock_ttl must be a whole number of seconds from 1 to 86400, "0" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_ttl must be a whole number of seconds from 1 to 86400, "1.5" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_ttl must be a whole number of seconds from 1 to 86400, "-5" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_ttl must be a whole number of seconds from 1 to 86400, "x" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_ttl must be a whole number of seconds from 1 to 86400, "86401" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_ttl must be a whole number of seconds from 1 to 86400, "" given in %s on line %d
bool(false)
string(2) "60"
