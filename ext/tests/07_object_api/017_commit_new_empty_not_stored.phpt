--TEST--
Tessera: SessionManager: commit(): a new session with nothing in it is not stored and sets no cookie
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
$s->get('anything');
var_dump($m->commit($s));
var_dump(tsr_files($dir));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
NULL
array(0) {
}
