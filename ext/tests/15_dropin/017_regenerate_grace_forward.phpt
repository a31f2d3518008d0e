--TEST--
Tessera: drop-in: session_regenerate_id(true): inside tessera.regenerate_grace the old ID continues on the new session
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
$_SESSION['b'] = 2;
var_dump(session_regenerate_id(true));
$new = session_id();
session_write_close();
var_dump($new !== $id);
// A request still carrying the old cookie.
session_id($id);
session_start();
var_dump(session_id() === $new, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  int(2)
}
