--TEST--
Tessera: Session: Exclusive: start() waits for the holder and reads what it wrote
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['n' => 1]);
// The child holds the lock; once told to go it writes n = 41 a little later
// (the delay only makes it likely that we are already waiting; the result
// does not depend on it: we cannot read before the child's write).
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id); echo "locked\n"; fgets(STDIN); usleep(200000); $s->set("n", 41); $m->commit($s); echo "released\n";');
tsr_child_expect($child, 'locked');
tsr_child_send($child, 'go');
$m = new SessionManager($store);
$s = $m->start($id);
var_dump($s->get('n'));
tsr_child_expect($child, 'released');
var_dump(tsr_child_finish($child)[0]);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(41)
int(0)
