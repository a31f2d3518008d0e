--TEST--
Tessera: drop-in: Tessera\session_info(): lock_mode says on_write
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
ini_set('tessera.lock_mode', 'on_write');
session_id($id);
session_start();
var_dump(Tessera\session_info()['lock_mode']);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(8) "on_write"
