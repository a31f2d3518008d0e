--TEST--
Tessera: api: Tessera\session_info() is null without an active Tessera session
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
var_dump(Tessera\session_info());
session_start();
session_write_close();
var_dump(Tessera\session_info());
session_start(['read_and_close' => true]);
var_dump(Tessera\session_info());

ini_set('session.save_handler', 'files');
session_id(''); // a Tessera ID may hold '_', which the files handler refuses
session_start();
var_dump(session_status() === PHP_SESSION_ACTIVE, Tessera\session_info());
session_abort();
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
NULL
NULL
NULL
bool(true)
NULL
