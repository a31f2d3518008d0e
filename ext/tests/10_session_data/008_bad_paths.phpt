--TEST--
Tessera: Session: keys: an empty key or an empty segment is an argument error
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
oa_try(fn () => $s->get(''));
oa_try(fn () => $s->set('a..b', 1));
oa_try(fn () => $s->has('.a'));
oa_try(fn () => $s->forget('a.'));
oa_try(fn () => $s->increment(''));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ValueError: Tessera\Session::get(): Argument #1 ($key) must not be empty
ValueError: Tessera\Session::set(): Argument #1 ($key) must not contain an empty segment ("..")
ValueError: Tessera\Session::has(): Argument #1 ($key) must not start or end with "."
ValueError: Tessera\Session::forget(): Argument #1 ($key) must not start or end with "."
ValueError: Tessera\Session::increment(): Argument #1 ($key) must not be empty
