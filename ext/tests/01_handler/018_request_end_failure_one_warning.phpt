--TEST--
Tessera: handler: a write refused at the end of the request gives exactly one warning
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['a' => 1]);
ini_set('tessera.lock_mode', 'read_only');
session_id($id);
var_dump(session_start());
$_SESSION['a'] = 2;
echo "end\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
end

Warning: PHP Request Shutdown: Tessera: session is open read-only (tessera.lock_mode=read_only); changes were not saved in Unknown on line 0
