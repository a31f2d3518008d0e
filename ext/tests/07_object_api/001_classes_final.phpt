--TEST--
Tessera: object API: Store, SessionManager, Session and Profile are final; LockMode has four cases
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
foreach ([Store::class, SessionManager::class, Session::class, Profile::class] as $c) {
    echo $c, ' ', (new ReflectionClass($c))->isFinal() ? 'final' : 'open', "\n";
}
foreach (LockMode::cases() as $case) {
    echo $case->name, ' = ', $case->value, "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Tessera\Store final
Tessera\SessionManager final
Tessera\Session final
Tessera\Profile final
Exclusive = exclusive
OnWrite = on_write
ReadOnly = read_only
None = none
