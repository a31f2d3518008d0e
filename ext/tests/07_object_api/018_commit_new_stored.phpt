--TEST--
Tessera: SessionManager: commit(): a new session with data is stored and its cookie returned
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
$cookie = $m->commit($s);
var_dump(str_replace($s->id(), '<id>', $cookie));
var_dump(file_exists(tsr_record_file($dir, $s->id())));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(44) "TESSERA=<id>; Path=/; HttpOnly; SameSite=Lax"
bool(true)
