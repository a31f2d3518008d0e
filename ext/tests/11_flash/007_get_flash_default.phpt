--TEST--
Tessera: Session: getFlash(): a missing value gives the default
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
var_dump($s->getFlash('x'), $s->getFlash('x', 'none'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
NULL
string(4) "none"
