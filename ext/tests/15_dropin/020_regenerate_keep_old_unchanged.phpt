--TEST--
Tessera: drop-in: session_regenerate_id(false) keeps the old session as it was (no forward)
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
$id = tsr_make_session($dir, ['a' => 1]);
session_id($id);
session_start();
session_regenerate_id(false);
$new = session_id();
$_SESSION['b'] = 2;
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
  ["a"]=>
  int(1)
}
