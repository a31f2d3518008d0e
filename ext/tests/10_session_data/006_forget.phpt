--TEST--
Tessera: Session: forget(): removes a nested key and leaves its siblings
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['user' => ['name' => 'Ann', 'role' => 'admin']]);
$m = new SessionManager($store);
$s = $m->start($id);
$s->forget('user.role');
$s->forget('user.missing');
$s->forget('missing.deeper');
$m->commit($s);
var_dump(oa_read($store, $id));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
array(1) {
  ["user"]=>
  array(1) {
    ["name"]=>
    string(3) "Ann"
  }
}
