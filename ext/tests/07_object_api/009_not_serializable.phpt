--TEST--
Tessera: object API: Store, SessionManager and Session cannot be serialized
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
    oa_try(fn () => serialize($o));
}
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Exception: Serialization of 'Tessera\Store' is not allowed
Exception: Serialization of 'Tessera\SessionManager' is not allowed
Exception: Serialization of 'Tessera\Session' is not allowed
