--TEST--
Tessera: Session: csrfToken(): the secret is stored; a token verifies in the next request
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
$t = $s->csrfToken();
var_dump($m->commit($s) !== null);
$s = $m->start($s->id());
var_dump($s->isNew(), $s->verifyCsrfToken($t));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
