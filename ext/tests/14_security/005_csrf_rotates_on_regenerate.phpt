--TEST--
Tessera: Session: regenerate(): the CSRF secret rotates; old tokens stop verifying
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
$old = $s->csrfToken();
$m->commit($s);
$s = $m->start($s->id());
$s->regenerate();
$new = $s->csrfToken();
var_dump($s->verifyCsrfToken($old), $s->verifyCsrfToken($new));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(false)
bool(true)
