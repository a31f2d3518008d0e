--TEST--
Tessera: lock: session_destroy() on a read_only session is refused and the session survives
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
var_dump(session_destroy());
var_dump(file_exists(tsr_record_file($dir, $id)));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_destroy(): Tessera: cannot destroy the session: session is open read-only (tessera.lock_mode=read_only); changes were not saved in %s on line %d
bool(false)
bool(true)
