--TEST--
Tessera: Session: OnWrite: append, push and decrement of two overlapping requests are replayed, none lost
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['s' => 'x', 'list' => [0], 'n' => 100]);
// Each child returns what it computed on its own snapshot; the store must
// end with both requests' operations applied in commit order.
$code = '$m = new SessionManager(Store::open($dir)); $s = $m->start($id, null, LockMode::OnWrite);'
    . 'echo "read\n"; [$tag, $by] = explode(" ", trim(fgets(STDIN)));'
    . 'echo json_encode([$s->append("s", $tag), $s->push("list", $tag), $s->decrement("n", (int) $by)]), "\n";'
    . '$m->commit($s); echo "done\n";';
$a = oa_child($dir, $id, $code);
$b = oa_child($dir, $id, $code);
// Both have read s = "x", list = [0], n = 100 before either changes anything.
tsr_child_expect($a, 'read');
tsr_child_expect($b, 'read');
tsr_child_send($a, 'a 3');
echo tsr_child_read($a), "\n";
tsr_child_expect($a, 'done');
tsr_child_send($b, 'b 5');
echo tsr_child_read($b), "\n";
tsr_child_expect($b, 'done');
var_dump(tsr_child_finish($a)[0], tsr_child_finish($b)[0]);
echo json_encode(oa_read($store, $id)), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
["xa",2,97]
["xb",2,95]
int(0)
int(0)
{"s":"xab","list":[0,"a","b"],"n":92}
