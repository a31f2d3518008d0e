--TEST--
Tessera: SessionManager: commit(): an existing session whose ID the browser has gets no cookie
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$m = new SessionManager($store);
$s = $m->start($id);
var_dump($m->commit($s));
$s = $m->start($id);
$s->set('a', 2);
var_dump($m->commit($s));
var_dump(oa_read($store, $id));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
NULL
NULL
array(1) {
  ["a"]=>
  int(2)
}
