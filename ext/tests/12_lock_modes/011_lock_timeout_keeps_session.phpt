--TEST--
Tessera: Session: lock(): LockTimeoutException at the wait limit; the session stays usable without the lock
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['n' => 1]);
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id); echo "locked\n"; fgets(STDIN); $m->commit($s); echo "done\n";');
tsr_child_expect($child, 'locked');
$m = new SessionManager($store, ['lock_wait_timeout' => 0.1]);
$s = $m->start($id, null, LockMode::OnWrite);
$s->set('a', 1);
oa_try(fn () => $s->lock());
var_dump($s->lockMode(), $s->get('a'));
tsr_child_send($child, 'go');
tsr_child_expect($child, 'done');
tsr_child_finish($child);
$m->commit($s);
var_dump(oa_read($store, $id));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Tessera\LockTimeoutException: lock wait limit of 0.1 s reached: %s
enum(Tessera\LockMode::OnWrite)
int(1)
array(2) {
  ["n"]=>
  int(1)
  ["a"]=>
  int(1)
}
