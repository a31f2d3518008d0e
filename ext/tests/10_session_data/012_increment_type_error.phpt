--TEST--
Tessera: Session: increment(): a non-number at the key is a TypeError and changes nothing
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->set('s', 'ten');
oa_try(fn () => $s->increment('s'));
var_dump($s->get('s'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
TypeError: Tessera\Session::increment(): the value at "s" is string, int or float expected
string(3) "ten"
