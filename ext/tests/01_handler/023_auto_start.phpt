--TEST--
Tessera: handler: session.auto_start=1 starts a Tessera session before the script runs
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
$child = tsr_child($dir, 'echo session_status() === PHP_SESSION_ACTIVE ? "active" : "inactive", "\n";'
    . 'echo session_id(), "\n"; $_SESSION["auto"] = true;', ['session.auto_start' => '1']);
var_dump(tsr_child_read($child));
$id = tsr_child_read($child);
var_dump(tsr_is_tessera_id($id));
var_dump(tsr_child_finish($child)[0]);

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
string(6) "active"
bool(true)
int(0)
array(1) {
  ["auto"]=>
  bool(true)
}
