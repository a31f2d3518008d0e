--TEST--
Tessera: Session: has(): true for a key holding null, false for a missing one
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$s->set('x.y', null);
var_dump($s->has('x.y'), $s->has('x'), $s->has('x.z'), $s->has('nope'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(false)
bool(false)
