--TEST--
Tessera: drop-in: SessionHandler wrapper: session_regenerate_id(true) moves the data to a new ID
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
$id = tsr_make_session($dir, ['a' => 1]);
session_set_save_handler(new class extends SessionHandler {});
$_COOKIE[session_name()] = $id;
var_dump(session_start(), session_id() === $id);
var_dump(session_regenerate_id(true));
$new = session_id();
var_dump($new !== $id, tsr_is_tessera_id($new));
$_SESSION['b'] = 2;
var_dump(session_write_close());
// The next request with the new cookie, through the wrapper too.
$child = tsr_child($dir, 'session_set_save_handler(new SessionHandler());'
    . '$_COOKIE[session_name()] = ' . var_export($new, true) . ';'
    . 'session_start(); echo session_id() === $_COOKIE[session_name()] ? "same" : "other", " ",'
    . ' json_encode($_SESSION), "\n";');
[$code, $out, $err] = tsr_child_finish($child);
echo $out, $err;
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
bool(true)
bool(true)
same {"a":1,"b":2}
