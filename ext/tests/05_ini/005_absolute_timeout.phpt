--TEST--
Tessera: ini: tessera.absolute_timeout takes whole seconds from 0 (= off) up
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
var_dump(ini_get('tessera.absolute_timeout'));
foreach (['86400', '0', '1'] as $v) {
    var_dump(ini_set('tessera.absolute_timeout', $v) !== false, ini_get('tessera.absolute_timeout'));
}
ini_set('tessera.absolute_timeout', '86400');
foreach (['-1', '1.5', 'forever', '99999999999999999999'] as $v) {
    var_dump(ini_set('tessera.absolute_timeout', $v));
}
var_dump(ini_get('tessera.absolute_timeout'));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
string(1) "0"
bool(true)
string(5) "86400"
bool(true)
string(1) "0"
bool(true)
string(1) "1"

Warning: ini_set(): tessera.absolute_timeout must be a whole number of seconds from 0 to 2147483647 (0 = off), "-1" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.absolute_timeout must be a whole number of seconds from 0 to 2147483647 (0 = off), "1.5" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.absolute_timeout must be a whole number of seconds from 0 to 2147483647 (0 = off), "forever" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.absolute_timeout must be a whole number of seconds from 0 to 2147483647 (0 = off), "99999999999999999999" given in %s on line %d
bool(false)
string(5) "86400"
