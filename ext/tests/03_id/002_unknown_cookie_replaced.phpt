--TEST--
Tessera: id: an unknown ID sent as the session cookie is replaced by a new one
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
session.use_strict_mode=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$unknown = str_repeat('B', 32);
$_COOKIE[session_name()] = $unknown;
var_dump(session_start());
var_dump(session_id() !== $unknown, tsr_is_tessera_id(session_id()));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
