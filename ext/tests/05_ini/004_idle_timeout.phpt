--TEST--
Tessera: ini: tessera.idle_timeout takes whole seconds from 0 (= session.gc_maxlifetime) up
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
var_dump(ini_get('tessera.idle_timeout'));
foreach (['1', '0', '3600', '2147483647'] as $v) {
    var_dump(ini_set('tessera.idle_timeout', $v) !== false, ini_get('tessera.idle_timeout'));
}
ini_set('tessera.idle_timeout', '1');
foreach (['-1', '1.5', 'x', '2147483648', ' 1'] as $v) {
    var_dump(ini_set('tessera.idle_timeout', $v));
}
var_dump(ini_get('tessera.idle_timeout'));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
string(1) "0"
bool(true)
string(1) "1"
bool(true)
string(1) "0"
bool(true)
string(4) "3600"
bool(true)
string(10) "2147483647"

Warning: ini_set(): tessera.idle_timeout must be a whole number of seconds from 0 to 2147483647 (0 = session.gc_maxlifetime), "-1" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.idle_timeout must be a whole number of seconds from 0 to 2147483647 (0 = session.gc_maxlifetime), "1.5" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.idle_timeout must be a whole number of seconds from 0 to 2147483647 (0 = session.gc_maxlifetime), "x" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.idle_timeout must be a whole number of seconds from 0 to 2147483647 (0 = session.gc_maxlifetime), "2147483648" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.idle_timeout must be a whole number of seconds from 0 to 2147483647 (0 = session.gc_maxlifetime), " 1" given in %s on line %d
bool(false)
string(1) "1"
