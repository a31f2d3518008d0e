--TEST--
Tessera: drop-in: ini: tessera.regenerate_grace takes 0 to 86400 seconds
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$dir = tsr_setup(__FILE__);
var_dump(ini_get('tessera.regenerate_grace'));
var_dump(ini_set('tessera.regenerate_grace', '0'), ini_set('tessera.regenerate_grace', '86400'));
var_dump(ini_set('tessera.regenerate_grace', '86401'));
var_dump(ini_set('tessera.regenerate_grace', '-1'));
var_dump(ini_get('tessera.regenerate_grace'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
string(2) "30"
string(2) "30"
string(1) "0"

Warning: ini_set(): tessera.regenerate_grace must be a whole number of seconds from 0 to 86400 (0 = no forwarding), "86401" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.regenerate_grace must be a whole number of seconds from 0 to 86400 (0 = no forwarding), "-1" given in %s on line %d
bool(false)
string(5) "86400"
