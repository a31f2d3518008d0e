--TEST--
Tessera: drop-in: tessera.lock_mode=on_write: reading and an unchanged write never wait for a holder
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
$id = tsr_make_session($dir, ['n' => 1]);
$child = tsr_child($dir, tsr_holder_code($id, '$_SESSION["n"] = 2; session_write_close(); echo "done\n";'));
tsr_child_expect($child, 'locked');
ini_set('tessera.lock_mode', 'on_write');
ini_set('tessera.lock_wait_timeout', '0');
session_id($id);
var_dump(session_start(), $_SESSION['n'], session_write_close());
tsr_child_send($child, 'go');
tsr_child_expect($child, 'done');
var_dump(tsr_child_finish($child)[0]);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
int(1)
bool(true)
int(0)
