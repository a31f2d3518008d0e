--TEST--
Tessera: Session: get(): a missing key gives the default, null without one
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
var_dump($s->get('missing'), $s->get('missing', 'dflt'), $s->get('a.b.c', 42));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
NULL
string(4) "dflt"
int(42)
