--TEST--
Tessera: drop-in: Tessera\csrf_token(): the secret is stored even when $_SESSION did not change (lazy write)
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
session.lazy_write=1
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['a' => 1]);
session_id($id);
session_start();
$t = Tessera\csrf_token();
session_write_close();
session_id($id);
session_start();
var_dump(Tessera\csrf_verify($t));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
