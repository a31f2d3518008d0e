--TEST--
Tessera: timeout: session_info() reports the idle deadline, capped by the absolute one
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.idle_timeout=300
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
session_start();
$i = Tessera\session_info();
// now + 300 s, seen in whole seconds a few milliseconds after the session began
var_dump(in_array($i['expires'] - $i['last_active'], [300, 301], true));
session_write_close();

ini_set('tessera.absolute_timeout', '60');
session_id('');
session_start();
$i = Tessera\session_info();
var_dump($i['expires'] - $i['created']);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
int(60)
