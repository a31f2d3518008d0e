--TEST--
Tessera: SessionManager: commit(): a session of another manager is refused
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m1 = new SessionManager($store);
$m2 = new SessionManager($store);
$s = $m1->start(null);
oa_try(fn () => $m2->commit($s));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Tessera\InvalidSessionException: the session belongs to another SessionManager
