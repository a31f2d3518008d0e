--TEST--
Tessera: Session: csrfToken(): ReadOnly works with an existing secret and refuses to create one
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$with = $m->start(null);
$t = $with->csrfToken();
$m->commit($with);
$without = oa_make($store, ['a' => 1]);
$s = $m->start($with->id(), null, LockMode::ReadOnly);
var_dump($s->verifyCsrfToken($t), strlen($s->csrfToken()));
$s = $m->start($without, null, LockMode::ReadOnly);
oa_try(fn () => $s->csrfToken());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
int(86)
Tessera\ReadOnlyException: the session has no CSRF secret yet and is open read-only (LockMode::ReadOnly)
