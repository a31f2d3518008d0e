--TEST--
Tessera: drop-in: session_regenerate_id(true): a request waiting with the old ID meanwhile continues on the new session
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['hits' => 0]);
session_id($id);
session_start();
$child = tsr_child($dir, 'fwrite(STDOUT, "starting\n"); session_id(' . var_export($id, true) . '); session_start(); $_SESSION["hits"]++; echo session_id(), "\n";');
tsr_child_expect($child, 'starting');
session_regenerate_id(true);
$new = session_id();
session_write_close();
var_dump(tsr_child_read($child) === $new);
tsr_child_finish($child);
session_id($new);
session_start();
var_dump($_SESSION['hits']);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
int(1)
