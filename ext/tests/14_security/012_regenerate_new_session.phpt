--TEST--
Tessera: Session: regenerate(): a new session not stored yet just changes its ID
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$s = $m->start(null);
$first = $s->id();
$s->set('a', 1);
$new = $s->regenerate();
var_dump($new !== $first, $m->commit($s) === "TESSERA=$new; Path=/; HttpOnly; SameSite=Lax");
var_dump(file_exists(tsr_record_file($dir, $first)), file_exists(tsr_record_file($dir, $new)));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(false)
bool(true)
