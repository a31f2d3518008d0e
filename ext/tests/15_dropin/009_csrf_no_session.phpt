--TEST--
Tessera: drop-in: Tessera\csrf_token() without an active Tessera session throws; csrf_verify() is false
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
oa_try(fn () => Tessera\csrf_token());
var_dump(Tessera\csrf_verify('x'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Tessera\Exception: no session is active on the tessera save handler; call session_start() first
bool(false)
