--TEST--
Tessera: id: a known ID sent as the session cookie opens that session
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
$id = tsr_make_session($dir, ['who' => 'cookie']);
$_COOKIE[session_name()] = $id;
var_dump(session_start());
var_dump(session_id() === $id, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
array(1) {
  ["who"]=>
  string(6) "cookie"
}
