--TEST--
Tessera: Session: push(): a non-array at the key is a TypeError
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->set('cart', 'apple');
oa_try(fn () => $s->push('cart', 'pear'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
TypeError: Tessera\Session::push(): the value at "cart" is string, array expected
