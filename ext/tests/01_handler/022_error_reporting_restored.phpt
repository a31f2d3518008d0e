--TEST--
Tessera: handler: the warning mask used around a failed session_start() is removed afterwards
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
ini_set('session.save_path', "$dir/missing");
$before = error_reporting();
var_dump(session_start());
var_dump(error_reporting() === $before);
$a = [];
echo $a['still_warned'] ?? '', $a['still_warned'];
var_dump(@session_start());
var_dump(error_reporting() === $before);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_start(): Tessera: cannot open the session store: files store: directory '%s/missing' does not exist in %s on line %d
bool(false)
bool(true)

Warning: Undefined array key "still_warned" in %s on line %d
bool(false)
bool(true)
