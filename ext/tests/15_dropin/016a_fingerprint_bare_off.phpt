--TEST--
Tessera: drop-in: ini: a bare off for tessera.fingerprint_ua / _ip in php.ini (an empty value) means off
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.fingerprint_ua=off
tessera.fingerprint_ip=off
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$dir = tsr_setup(__FILE__);
var_dump(ini_get('tessera.fingerprint_ua'), ini_get('tessera.fingerprint_ip'));
$_SERVER['HTTP_USER_AGENT'] = 'Browser A';
session_start();
$_SESSION['secret'] = 1;
$id = session_id();
session_write_close();
$_SERVER['HTTP_USER_AGENT'] = 'Browser B';
session_id($id);
session_start();
var_dump(session_id() === $id);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(0) ""
string(0) ""
bool(true)
