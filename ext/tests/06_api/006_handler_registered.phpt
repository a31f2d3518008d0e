--TEST--
Tessera: api: the extension registers the "tessera" save handler
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
var_dump(ini_set('session.save_handler', 'tessera') !== false);
var_dump(ini_get('session.save_handler'));
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
var_dump((bool) preg_match('/Registered save handlers => .*\btessera\b/', $info));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
string(7) "tessera"
bool(true)
