--TEST--
Tessera: SessionManager: commit(): a committed session cannot be committed or changed again
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
$s->set('a', 1);
$m->commit($s);
oa_try(fn () => $m->commit($s));
oa_try(fn () => $s->set('a', 2));
var_dump($s->get('a'));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Tessera\InvalidSessionException: the session was committed; start a new one to change it
Tessera\InvalidSessionException: the session was committed; start a new one to change it
int(1)
