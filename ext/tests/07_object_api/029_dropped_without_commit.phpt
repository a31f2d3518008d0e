--TEST--
Tessera: Session: an object dropped without commit() writes nothing and releases its lock
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$m = new SessionManager($store, ['lock_wait_timeout' => 0]);
$s = $m->start($id);
$s->set('a', 2);
unset($s);
// Exclusive again without waiting: the lock was released; the change was not written.
$s = $m->start($id);
var_dump($s->get('a'));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
