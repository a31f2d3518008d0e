--TEST--
Tessera: lock: changes to a read_only session are refused with one warning and not stored
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
var_dump(session_write_close());

ini_set('tessera.lock_mode', 'exclusive');
session_id($id);
session_start();
var_dump($_SESSION['n']);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_write_close(): Tessera: session is open read-only (tessera.lock_mode=read_only); changes were not saved in %s on line %d
bool(true)
int(1)
