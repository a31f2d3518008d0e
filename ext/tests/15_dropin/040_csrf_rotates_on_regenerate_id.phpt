--TEST--
Tessera: drop-in: session_regenerate_id() rotates the CSRF secret: csrf_verify() refuses the old token after it, also in the next request
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.regenerate_grace=30
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
$dir = tsr_setup(__FILE__);
session_start();
$old = Tessera\csrf_token();
session_write_close();
$id = session_id();

session_id($id);
session_start();
var_dump(Tessera\csrf_verify($old));         // control: the token outlives the request
var_dump(session_regenerate_id(true));
var_dump(Tessera\csrf_verify($old));
$new = Tessera\csrf_token();
var_dump(Tessera\csrf_verify($new));
$new_id = session_id();
session_write_close();

// The next request, with the old cookie (forwarded inside the grace) or the new one.
foreach ([$id, $new_id] as $cookie) {
    session_id($cookie);
    session_start();
    var_dump(session_id() === $new_id, Tessera\csrf_verify($old), Tessera\csrf_verify($new));
    session_write_close();
}
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
