--TEST--
Tessera: drop-in: tessera.fingerprint_ip=subnet: the same /24 keeps the session, another network does not
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.fingerprint_ip=subnet
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$dir = tsr_setup(__FILE__);
$_SERVER['REMOTE_ADDR'] = '192.0.2.10';
session_start();
$_SESSION['secret'] = 1;
$id = session_id();
session_write_close();
$_SERVER['REMOTE_ADDR'] = '192.0.2.99';
session_id($id);
session_start();
var_dump(session_id() === $id);
session_write_close();
$_SERVER['REMOTE_ADDR'] = '203.0.113.5';
session_id($id);
session_start();
var_dump(session_id() !== $id, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
array(0) {
}
