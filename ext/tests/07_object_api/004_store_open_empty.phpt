--TEST--
Tessera: Store: open(): an empty DSN is an argument error
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
oa_try(fn () => Store::open(''));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ValueError: Tessera\Store::open(): Argument #1 ($dsn) must not be empty
