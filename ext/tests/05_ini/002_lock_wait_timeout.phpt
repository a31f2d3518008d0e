--TEST--
Tessera: ini: tessera.lock_wait_timeout takes seconds with decimals from 0 to 86400
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
var_dump(ini_get('tessera.lock_wait_timeout'));
foreach (['0.5', '0', '30', '86400', '.25'] as $v) {
    var_dump(ini_set('tessera.lock_wait_timeout', $v) !== false, ini_get('tessera.lock_wait_timeout'));
}
ini_set('tessera.lock_wait_timeout', '0.5');
foreach (['-1', 'abc', '1e3', '', '86400.5', '0.5.1', '1s', 'INF'] as $v) {
    var_dump(ini_set('tessera.lock_wait_timeout', $v));
}
var_dump(ini_get('tessera.lock_wait_timeout'));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
string(2) "30"
bool(true)
string(3) "0.5"
bool(true)
string(1) "0"
bool(true)
string(2) "30"
bool(true)
string(5) "86400"
bool(true)
string(3) ".25"

Warning: ini_set(): tessera.lock_wait_timeout must be a number of seconds from 0 to 86400 (decimals allowed; 0 = do not wait), "-1" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_wait_timeout must be a number of seconds from 0 to 86400 (decimals allowed; 0 = do not wait), "abc" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_wait_timeout must be a number of seconds from 0 to 86400 (decimals allowed; 0 = do not wait), "1e3" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_wait_timeout must be a number of seconds from 0 to 86400 (decimals allowed; 0 = do not wait), "" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_wait_timeout must be a number of seconds from 0 to 86400 (decimals allowed; 0 = do not wait), "86400.5" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_wait_timeout must be a number of seconds from 0 to 86400 (decimals allowed; 0 = do not wait), "0.5.1" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_wait_timeout must be a number of seconds from 0 to 86400 (decimals allowed; 0 = do not wait), "1s" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.lock_wait_timeout must be a number of seconds from 0 to 86400 (decimals allowed; 0 = do not wait), "INF" given in %s on line %d
bool(false)
string(3) "0.5"
