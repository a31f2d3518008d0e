--TEST--
Tessera: Session: regenerate(): 10 requests waiting with the old ID meanwhile all continue on the new session inside the grace
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['hits' => 0]);
$code = '$m = new SessionManager(Store::open($dir)); $z = 0;'
    . '$m->onZombie(function () use (&$z) { $z++; });'
    . 'echo "starting\n"; $s = $m->start($id); $s->increment("hits");'
    . '$c = $m->commit($s); echo $z, " ", $s->id(), " ", $c === "TESSERA=" . $s->id() . "; Path=/; HttpOnly; SameSite=Lax" ? "cookie" : "no cookie", "\n";';
$m = new SessionManager($store);
$login = $m->start($id);
$children = [];
for ($i = 0; $i < 10; $i++) {
    $children[] = oa_child($dir, $id, $code);
}
foreach ($children as $c) {
    tsr_child_expect($c, 'starting');
}
$new = $login->regenerate();
$login->bindUser('ann');
$m->commit($login);
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
  ["1 NEW cookie"]=>
  int(10)
}
int(10)
