--TEST--
Tessera: drop-in: tessera.fingerprint_ua=strict: the same User-Agent keeps its session
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
$_SERVER['HTTP_USER_AGENT'] = 'Browser A';
session_start();
$_SESSION['secret'] = 1;
$id = session_id();
session_write_close();
session_id($id);
session_start();
var_dump(session_id() === $id, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
array(1) {
  ["secret"]=>
  int(1)
}
