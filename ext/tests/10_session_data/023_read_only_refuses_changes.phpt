--TEST--
Tessera: Session: ReadOnly: every change throws ReadOnlyException
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$s = (new SessionManager($store))->start($id, null, LockMode::ReadOnly);
oa_try(fn () => $s->set('a', 2));
oa_try(fn () => $s->increment('a'));
oa_try(fn () => $s->flash('m', 1));
oa_try(fn () => $s->destroy());
oa_try(fn () => $s->regenerate());
oa_try(fn () => $s->bindUser('u'));
var_dump($s->get('a'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Tessera\ReadOnlyException: the session is open read-only (LockMode::ReadOnly); call lock() before changing it
Tessera\ReadOnlyException: the session is open read-only (LockMode::ReadOnly); call lock() before changing it
Tessera\ReadOnlyException: the session is open read-only (LockMode::ReadOnly); call lock() before changing it
Tessera\ReadOnlyException: the session is open read-only (LockMode::ReadOnly); call lock() before changing it
Tessera\ReadOnlyException: the session is open read-only (LockMode::ReadOnly); call lock() before changing it
Tessera\ReadOnlyException: the session is open read-only (LockMode::ReadOnly); call lock() before changing it
int(1)
