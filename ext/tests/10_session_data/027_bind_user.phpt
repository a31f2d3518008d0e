--TEST--
Tessera: Session: bindUser()/userId(): the user is stored with the session
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
var_dump($s->userId());
$s->bindUser('user-42');
var_dump($s->userId());
$m->commit($s);
$s = $m->start($s->id());
var_dump($s->userId());
oa_try(fn () => $s->bindUser(''));
oa_try(fn () => $s->bindUser(str_repeat('u', 257)));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
NULL
string(7) "user-42"
string(7) "user-42"
ValueError: Tessera\Session::bindUser(): Argument #1 ($userId) must be 1 to 256 bytes without NUL bytes
ValueError: Tessera\Session::bindUser(): Argument #1 ($userId) must be 1 to 256 bytes without NUL bytes
