--TEST--
Tessera: drop-in: SessionHandler wrapper: the lock wait limit fails session_start() with one warning and keeps the session
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_wait_timeout=0.3
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['n' => 1]);
$child = tsr_child($dir, tsr_holder_code($id));
tsr_child_expect($child, 'locked');

session_set_save_handler(new SessionHandler());
$_COOKIE[session_name()] = $id;
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);

tsr_child_send($child, 'go');
var_dump(tsr_child_finish($child)[0]);

// Not replaced by a new ID: the next start opens the same session and its data.
var_dump(session_start(), session_id() === $id, $_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Warning: SessionHandler::read(): Tessera: lock wait limit of 0.3 s reached (tessera.lock_wait_timeout) in %s on line %d
bool(false)
bool(true)
int(0)
bool(true)
bool(true)
array(1) {
  ["n"]=>
  int(1)
}
