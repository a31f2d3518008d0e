--TEST--
Tessera: Session: keys: a decimal segment addresses the integer key, as $a["0"] does
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->push('items', 'first');
$s->push('items', 'second');
var_dump($s->get('items.1'));
$s->set('items.0', 'FIRST');
var_dump($s->get('items'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(6) "second"
array(2) {
  [0]=>
  string(5) "FIRST"
  [1]=>
  string(6) "second"
}
