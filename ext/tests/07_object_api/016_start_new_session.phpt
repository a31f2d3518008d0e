--TEST--
Tessera: SessionManager: start(null): a new session with a fresh ID
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$a = $m->start(null);
$b = $m->start('');
var_dump($a->isNew(), $b->isNew(), tsr_is_tessera_id($a->id()), $a->id() !== $b->id(), $a->all());
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
array(0) {
}
