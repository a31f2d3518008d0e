--TEST--
Tessera: Session: destroy(): later changes are refused
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->destroy();
oa_try(fn () => $s->set('a', 1));
oa_try(fn () => $s->destroy());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Tessera\InvalidSessionException: the session was destroyed
Tessera\InvalidSessionException: the session was destroyed
