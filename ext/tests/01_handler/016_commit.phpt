--TEST--
Tessera: handler: session_commit() stores the data like session_write_close()
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
session_start();
$_SESSION['c'] = 'committed';
$id = session_id();
var_dump(session_commit());
session_id($id);
session_start();
var_dump($_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
array(1) {
  ["c"]=>
  string(9) "committed"
}
