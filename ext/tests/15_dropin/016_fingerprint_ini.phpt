--TEST--
Tessera: drop-in: ini: tessera.fingerprint_ua and tessera.fingerprint_ip take their words and refuse others
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
var_dump(ini_get('tessera.fingerprint_ua'), ini_get('tessera.fingerprint_ip'));
var_dump(ini_set('tessera.fingerprint_ua', 'off'), ini_set('tessera.fingerprint_ip', 'strict'));
var_dump(ini_set('tessera.fingerprint_ua', 'subnet'));
var_dump(ini_set('tessera.fingerprint_ip', 'on'));
var_dump(ini_get('tessera.fingerprint_ua'), ini_get('tessera.fingerprint_ip'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
string(6) "strict"
string(3) "off"
string(6) "strict"
string(3) "off"

Warning: ini_set(): tessera.fingerprint_ua must be one of strict, off, "subnet" given in %s on line %d
bool(false)

Warning: ini_set(): tessera.fingerprint_ip must be one of off, subnet, strict, "on" given in %s on line %d
bool(false)
string(3) "off"
string(6) "strict"
