--TEST--
Tessera: Session: flash(): an empty key is an argument error
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
oa_try(fn () => $s->flash('', 1));
oa_try(fn () => $s->now('', 1));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ValueError: Tessera\Session::flash(): Argument #1 ($key) must not be empty
ValueError: Tessera\Session::now(): Argument #1 ($key) must not be empty
