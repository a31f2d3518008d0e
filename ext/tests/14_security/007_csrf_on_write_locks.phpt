--TEST--
Tessera: Session: csrfToken(): under OnWrite, creating the secret takes the lock first
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$m = new SessionManager($store);
$s = $m->start($id, null, LockMode::OnWrite);
$t = $s->csrfToken();
var_dump($s->lockMode());
$m->commit($s);
var_dump($m->start($id)->verifyCsrfToken($t));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
enum(Tessera\LockMode::Exclusive)
bool(true)
