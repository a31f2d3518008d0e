--TEST--
Tessera: SessionManager: onInvalidId(): an exception from the callback aborts start()
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$m->onInvalidId(function (string $why) { throw new RuntimeException("too many guesses ($why)"); });
oa_try(fn () => $m->start(str_repeat('A', 32)));
$m->onInvalidId(null);
var_dump($m->start(str_repeat('A', 32))->isNew());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
RuntimeException: too many guesses (unknown id)
bool(true)
