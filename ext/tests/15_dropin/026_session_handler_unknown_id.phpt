--TEST--
Tessera: drop-in: SessionHandler wrapper: an unknown ID sent as the cookie is replaced by a new one (strict mode)
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
session_set_save_handler(new SessionHandler());
$_COOKIE[session_name()] = $unknown;
var_dump(session_start());
$new = session_id();
var_dump($new !== $unknown, tsr_is_tessera_id($new));
$_SESSION['x'] = 1;
session_write_close();
var_dump(is_file(tsr_record_file($dir, $unknown)), is_file(tsr_record_file($dir, $new)));
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
bool(false)
bool(true)
