--TEST--
Tessera: Session: append(): concatenates to the string at the key; returns it
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
var_dump($s->append('log', 'a'), $s->append('log', 'bc'), $s->get('log'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(1) "a"
string(3) "abc"
string(3) "abc"
