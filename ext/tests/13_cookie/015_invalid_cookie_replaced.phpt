--TEST--
Tessera: cookies: a presented ID replaced by a new session with data gets the new ID
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$s = $m->start(str_repeat('A', 32));
$s->set('a', 1);
var_dump($m->commit($s) === 'TESSERA=' . $s->id() . '; Path=/; HttpOnly; SameSite=Lax');
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
