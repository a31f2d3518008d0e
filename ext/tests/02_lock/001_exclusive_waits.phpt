--TEST--
Tessera: lock: exclusive mode waits for the holder and then reads what it wrote
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
tessera.lock_mode=exclusive
tessera.lock_wait_timeout=30
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['n' => 1]);
// The child holds the lock; once told to go it writes n = 41 a little later
// (the delay only makes it likely that we are already waiting; the result
// does not depend on it: we cannot read before the child's write).
$child = tsr_child($dir, tsr_holder_code($id,
    'usleep(200000); $_SESSION["n"] = 41; session_write_close(); echo "released\n";'));
tsr_child_expect($child, 'locked');
tsr_child_send($child, 'go');

session_id($id);
var_dump(session_start());
var_dump($_SESSION['n']);
tsr_child_expect($child, 'released');
var_dump(tsr_child_finish($child)[0]);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
int(41)
int(0)
