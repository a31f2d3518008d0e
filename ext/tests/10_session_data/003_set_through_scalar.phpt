--TEST--
Tessera: Session: set(): a scalar on the way of a path is replaced by an array
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->set('a', 'text');
$s->set('a.b', 1);
var_dump($s->get('a'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
array(1) {
  ["b"]=>
  int(1)
}
