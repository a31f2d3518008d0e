--TEST--
Tessera: Session: OnWrite: two requests setting different keys both keep their change
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['base' => 0]);
$code = '$m = new SessionManager(Store::open($dir)); $s = $m->start($id, null, LockMode::OnWrite);'
    . 'echo "read\n"; $key = trim(fgets(STDIN)); $s->set($key, $key . "!"); $m->commit($s); echo "done\n";';
$a = oa_child($dir, $id, $code);
$b = oa_child($dir, $id, $code);
// Both have read the same record before either writes.
tsr_child_expect($a, 'read');
tsr_child_expect($b, 'read');
tsr_child_send($a, 'a');
tsr_child_expect($a, 'done');
tsr_child_send($b, 'b');
tsr_child_expect($b, 'done');
var_dump(tsr_child_finish($a)[0], tsr_child_finish($b)[0]);
var_dump(oa_read($store, $id));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(0)
int(0)
array(3) {
  ["base"]=>
  int(0)
  ["a"]=>
  string(2) "a!"
  ["b"]=>
  string(2) "b!"
}
