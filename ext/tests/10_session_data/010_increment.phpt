--TEST--
Tessera: Session: increment(): from a missing key (0), by 1 or by $by; returns the new value
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
var_dump($s->increment('n'), $s->increment('n', 10), $s->increment('stats.hits', -3), $s->get('n'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
int(11)
int(-3)
int(11)
