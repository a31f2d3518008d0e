--TEST--
Tessera: lock: a lock_mode=none request cannot write back a session another request destroyed
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_mode="none"
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['n' => 1]);
session_id($id);
var_dump(session_start()); // lock_mode=none: read, no lock kept

$child = tsr_child($dir, 'session_id(' . var_export($id, true) . ');'
    . 'session_start(); session_destroy(); echo "destroyed\n";',
    ['tessera.lock_mode' => 'exclusive']);
tsr_child_expect($child, 'destroyed');
var_dump(tsr_child_finish($child)[0]);

$_SESSION['n'] = 2;
var_dump(session_write_close());
var_dump(file_exists(tsr_record_file($dir, $id)));

session_id($id);
session_start();
var_dump(session_id() !== $id, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
bool(true)
int(0)

Warning: session_write_close(): Tessera: session was destroyed by another request; changes were not saved in %s on line %d
bool(true)
bool(false)
bool(true)
array(0) {
}
