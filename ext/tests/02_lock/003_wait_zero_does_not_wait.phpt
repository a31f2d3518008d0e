--TEST--
Tessera: lock: tessera.lock_wait_timeout=0 fails at once while another request holds the lock
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_wait_timeout=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['n' => 1]);
$child = tsr_child($dir, tsr_holder_code($id));
tsr_child_expect($child, 'locked');

session_id($id);
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE, $_SESSION);

tsr_child_send($child, 'go');
var_dump(tsr_child_finish($child)[0]);

// Nothing was replaced or lost: the session is still there with its data.
session_id($id);
var_dump(session_start(), session_id() === $id, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: session_start(): Tessera: lock wait limit of 0 s reached (tessera.lock_wait_timeout) in %s on line %d
bool(false)
bool(true)
array(0) {
}
int(0)
bool(true)
bool(true)
array(1) {
  ["n"]=>
  int(1)
}
