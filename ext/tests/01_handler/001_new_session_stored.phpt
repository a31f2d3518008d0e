--TEST--
Tessera: handler: a new session gets a Tessera ID and is stored under its hashed key
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
var_dump(session_start());
$id = session_id();
var_dump(tsr_is_tessera_id($id));
$_SESSION['n'] = 7;
var_dump(session_write_close());

$files = tsr_files($dir);
$k = tsr_key($id);
var_dump(in_array(substr($k, 0, 2) . '/' . substr($k, 2, 2) . "/$k.rec", $files, true));
// No file name carries the raw ID.
var_dump(count(array_filter($files, fn($f) => str_contains($f, $id))));

session_id($id);
var_dump(session_start(), session_id() === $id, $_SESSION);
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
bool(true)
int(0)
bool(true)
bool(true)
array(1) {
  ["n"]=>
  int(7)
}
