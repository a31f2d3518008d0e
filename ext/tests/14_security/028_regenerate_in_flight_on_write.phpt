--TEST--
Tessera: Session: regenerate(): 10 OnWrite requests that read the old ID before it merge into the new session
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['hits' => 0]);
$code = '$m = new SessionManager(Store::open($dir)); $s = $m->start($id, null, LockMode::OnWrite);'
    . 'echo "read\n"; fgets(STDIN); $s->increment("hits");'
    . '$c = $m->commit($s); echo $s->id(), " ", $c === "TESSERA=" . $s->id() . "; Path=/; HttpOnly; SameSite=Lax" ? "cookie" : "no cookie", "\n";';
$children = [];
for ($i = 0; $i < 10; $i++) {
    $children[] = oa_child($dir, $id, $code);
}
foreach ($children as $c) {
    tsr_child_expect($c, 'read');
}
$m = new SessionManager($store);
$login = $m->start($id);
$new = $login->regenerate();
$m->commit($login);
foreach ($children as $c) {
    tsr_child_send($c, 'go');
}
$seen = [];
foreach ($children as $c) {
    $seen[] = str_replace($new, 'NEW', tsr_child_read($c));
    tsr_child_finish($c);
}
var_dump(array_count_values($seen));
var_dump(oa_read($store, $new)['hits']);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
array(1) {
  ["NEW cookie"]=>
  int(10)
}
int(10)
