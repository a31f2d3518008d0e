--TEST--
Tessera: Session: append(): a non-string at the key is a TypeError
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->set('n', 1);
oa_try(fn () => $s->append('n', 'x'));
var_dump($s->get('n'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
TypeError: Tessera\Session::append(): the value at "n" is int, string expected
int(1)
