--TEST--
Tessera: drop-in: tessera.fingerprint_ua=off: another User-Agent keeps the session
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
ini_set('tessera.fingerprint_ua', 'off');
$_SERVER['HTTP_USER_AGENT'] = 'Browser A';
session_start();
$_SESSION['secret'] = 1;
$id = session_id();
session_write_close();
$_SERVER['HTTP_USER_AGENT'] = 'Browser B';
session_id($id);
session_start();
var_dump(session_id() === $id, $_SESSION['secret']);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
int(1)
