--TEST--
Tessera: Session: set()/get(): dot notation reaches nested arrays, creating them
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->set('user.profile.name', 'Ann');
$s->set('user.id', 7);
var_dump($s->get('user.profile.name'), $s->get('user.id'), $s->get('user'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(3) "Ann"
int(7)
array(2) {
  ["profile"]=>
  array(1) {
    ["name"]=>
    string(3) "Ann"
  }
  ["id"]=>
  int(7)
}
