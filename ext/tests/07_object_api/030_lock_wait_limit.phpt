--TEST--
Tessera: SessionManager: start(): LockTimeoutException when another request holds the lock past lock_wait_timeout
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$child = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir)); $s = $m->start($id);'
    . 'echo "locked\n"; fgets(STDIN); $s->set("a", 2); $m->commit($s); echo "done\n";');
tsr_child_expect($child, 'locked');
$m = new SessionManager($store, ['lock_wait_timeout' => 0.2]);
$t = microtime(true);
oa_try(fn () => $m->start($id));
var_dump(microtime(true) - $t >= 0.19);
tsr_child_send($child, 'go');
tsr_child_expect($child, 'done');
var_dump(tsr_child_finish($child)[0]);
var_dump(oa_read($store, $id));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Tessera\LockTimeoutException: cannot open the session: %s
bool(true)
int(0)
array(1) {
  ["a"]=>
  int(2)
}
