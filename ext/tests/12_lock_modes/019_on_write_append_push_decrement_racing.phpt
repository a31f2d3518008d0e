--TEST--
Tessera: Session: OnWrite: ten requests committing append, push and decrement at once: every operation lands once
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['s' => '', 'list' => [], 'n' => 0]);
$code = '$m = new SessionManager(Store::open($dir)); $s = $m->start($id, null, LockMode::OnWrite);'
    . 'echo "read\n"; $tag = trim(fgets(STDIN));'
    . '$s->append("s", $tag); $s->push("list", $tag); $s->decrement("n", 2);'
    . '$m->commit($s); echo "done\n";';
$children = [];
for ($i = 0; $i < 10; $i++) {
    $children[] = oa_child($dir, $id, $code);
}
// All have read the empty values before any of them changes them; then all
// are released together, so their commits race for the session.
foreach ($children as $c) {
    tsr_child_expect($c, 'read');
}
foreach ($children as $i => $c) {
    tsr_child_send($c, chr(ord('a') + $i));
}
$codes = [];
foreach ($children as $c) {
    tsr_child_expect($c, 'done');
    $codes[] = tsr_child_finish($c)[0];
}
var_dump(array_unique($codes));
$data = oa_read($store, $id);
// The commit order is the race's; the contents are not.
$chars = str_split($data['s']);
sort($chars);
$list = $data['list'];
sort($list);
echo implode('', $chars), "\n", implode('', $list), "\n";
// push and append ran in one replay per request: the same order in both.
var_dump(implode('', $data['list']) === $data['s'], $data['n']);
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
abcdefghij
abcdefghij
bool(true)
int(-20)
