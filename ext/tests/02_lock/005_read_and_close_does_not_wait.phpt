--TEST--
Tessera: lock: session_start(['read_and_close' => true]) reads while another request holds the lock
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_mode=exclusive
tessera.lock_wait_timeout=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['n' => 1]);
$child = tsr_child($dir, tsr_holder_code($id));
tsr_child_expect($child, 'locked');

// lock_wait_timeout is 0: any wait for the child's lock would fail at once.
session_id($id);
var_dump(session_start(['read_and_close' => true]));
var_dump($_SESSION);
var_dump(session_status() === PHP_SESSION_NONE);
tsr_child_send($child, 'go');
var_dump(tsr_child_finish($child)[0]);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
array(1) {
  ["n"]=>
  int(1)
}
bool(true)
int(0)
