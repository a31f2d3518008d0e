--TEST--
Tessera: lock: session_regenerate_id() with changed data in read_only mode fails with one warning
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_mode=read_only
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['n' => 1]);
session_id($id);
session_start();
$_SESSION['n'] = 2;
var_dump(session_regenerate_id());
var_dump(session_status() === PHP_SESSION_NONE);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_regenerate_id(): Tessera: session is open read-only (tessera.lock_mode=read_only); changes were not saved in %s on line %d
bool(false)
bool(true)
