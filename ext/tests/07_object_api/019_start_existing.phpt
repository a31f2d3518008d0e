--TEST--
Tessera: SessionManager: start(): the cookie value of a stored session opens it with its data
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['user' => ['name' => 'Ann'], 'n' => 3]);
$m = new SessionManager($store);
$s = $m->start($id);
var_dump($s->id() === $id, $s->isNew(), $s->all());
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(false)
array(2) {
  ["user"]=>
  array(1) {
    ["name"]=>
    string(3) "Ann"
  }
  ["n"]=>
  int(3)
}
