--TEST--
Tessera: id: an ID from POST data is never used, even with session.use_only_cookies=0
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
session.use_only_cookies=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['secret' => 1]);
$_POST[session_name()] = $id;
var_dump(session_start());
var_dump(session_id() !== $id, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
array(0) {
}
