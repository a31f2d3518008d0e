--TEST--
Tessera: Session: push(): appends to the list at the key; returns its length
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
var_dump($s->push('cart', 'apple'), $s->push('cart', ['sku' => 7]));
var_dump($s->get('cart'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
int(2)
array(2) {
  [0]=>
  string(5) "apple"
  [1]=>
  array(1) {
    ["sku"]=>
    int(7)
  }
}
