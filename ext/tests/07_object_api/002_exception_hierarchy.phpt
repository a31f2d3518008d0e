--TEST--
Tessera: object API: every Tessera exception extends Tessera\Exception, a RuntimeException
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
var_dump(is_subclass_of(Tessera\Exception::class, RuntimeException::class));
foreach (['StoreException', 'LockTimeoutException', 'LockLostException', 'ReadOnlyException',
          'InvalidSessionException'] as $c) {
    var_dump(is_subclass_of("Tessera\\$c", Tessera\Exception::class));
}
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
