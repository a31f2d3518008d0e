--TEST--
Tessera: object API: Store, SessionManager and Session cannot be cloned
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$s = $m->start(null);
foreach ([$store, $m, $s] as $o) {
    oa_try(fn () => clone $o);
}
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Error: Trying to clone an uncloneable object of class Tessera\Store
Error: Trying to clone an uncloneable object of class Tessera\SessionManager
Error: Trying to clone an uncloneable object of class Tessera\Session
