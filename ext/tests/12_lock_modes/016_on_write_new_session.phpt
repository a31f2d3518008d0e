--TEST--
Tessera: Session: OnWrite: a new session is written like any other
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store, ['lock_mode' => LockMode::OnWrite]);
$s = $m->start(null);
$s->set('a', 1);
$s->increment('n');
var_dump($m->commit($s) !== null, oa_read($store, $s->id()));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
array(2) {
  ["a"]=>
  int(1)
  ["n"]=>
  int(1)
}
