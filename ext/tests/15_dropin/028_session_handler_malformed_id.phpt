--TEST--
Tessera: drop-in: SessionHandler wrapper: a malformed cookie ID ("../x") is replaced before the store is touched
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
$bad = '../' . str_repeat('x', 29);
session_set_save_handler(new SessionHandler());
$_COOKIE[session_name()] = $bad;
var_dump(session_start());
$new = session_id();
var_dump($new !== $bad, tsr_is_tessera_id($new));
session_abort();
var_dump(file_exists(dirname($dir) . '/' . str_repeat('x', 29)));
// Nothing in the store belongs to anything but the new ID.
$k = tsr_key($new);
var_dump(array_values(array_filter(tsr_files($dir), fn($f) => !str_contains($f, $k))));
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
array(0) {
}
