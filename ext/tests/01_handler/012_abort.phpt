--TEST--
Tessera: handler: session_abort() writes nothing and releases the lock
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
session_id($id);
session_start();
$_SESSION['a'] = 2;
var_dump(session_abort());

// A child that may not wait at all gets the lock and sees the stored data.
$child = tsr_child($dir, tsr_holder_code($id, 'echo json_encode($_SESSION), "\n";'),
    ['tessera.lock_wait_timeout' => '0']);
tsr_child_expect($child, 'locked');
tsr_child_send($child, 'go');
var_dump(tsr_child_read($child));
var_dump(tsr_child_finish($child)[0]);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
string(7) "{"a":1}"
int(0)
