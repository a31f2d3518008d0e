--TEST--
Tessera: handler: the files DSN's sync option: off, ends and full store and read back, a bad value is one warning
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__, false);
foreach (['off', 'ends', 'full'] as $sync) {
    ini_set('session.save_path', "files://$dir?sync=$sync");
    var_dump(session_start());
    $id = session_id();
    $_SESSION['sync'] = $sync;
    var_dump(session_write_close());
    session_id($id);
    var_dump(session_start(), $_SESSION['sync']);
    session_write_close();
}
ini_set('session.save_path', "files://$dir?sync=sometimes");
var_dump(session_start());
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
string(3) "off"
bool(true)
bool(true)
bool(true)
string(4) "ends"
bool(true)
bool(true)
bool(true)
string(4) "full"

Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: files store: option 'sync' must be 'full', 'ends' or 'off' in %s on line %d
bool(false)
