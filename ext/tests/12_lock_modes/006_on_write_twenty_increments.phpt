--TEST--
Tessera: Session: OnWrite: 20 concurrent requests each holding 100 ms and incrementing lose no increment
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['n' => 0]);
$code = '$m = new SessionManager(Store::open($dir)); $s = $m->start($id, null, LockMode::OnWrite);'
    . 'echo "read\n"; fgets(STDIN); usleep(100000); $s->increment("n"); $m->commit($s); echo "done\n";';
$children = [];
for ($i = 0; $i < 20; $i++) {
    $children[] = oa_child($dir, $id, $code);
}
// All have read n = 0 before any of them increments.
foreach ($children as $c) {
    tsr_child_expect($c, 'read');
}
foreach ($children as $c) {
    tsr_child_send($c, 'go');
}
$codes = [];
foreach ($children as $c) {
    tsr_child_expect($c, 'done');
    $codes[] = tsr_child_finish($c)[0];
}
var_dump(array_unique($codes));
var_dump(oa_read($store, $id)['n']);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
array(1) {
  [0]=>
  int(0)
}
int(20)
