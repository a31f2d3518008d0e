--TEST--
Tessera: Session: OnWrite: commit() after another request destroyed the session throws, saving nothing
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['n' => 1]);
$m = new SessionManager($store);
$s = $m->start($id, null, LockMode::OnWrite);
$s->set('a', 1);
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id); $s->destroy(); $m->commit($s); echo "done\n";');
tsr_child_expect($child, 'done');
tsr_child_finish($child);
oa_try(fn () => $m->commit($s));
var_dump(file_exists(tsr_record_file($dir, $id)));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Tessera\InvalidSessionException: the session ended in another request (unknown id); this request's changes were not saved
bool(false)
