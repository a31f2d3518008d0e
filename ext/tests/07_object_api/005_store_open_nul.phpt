--TEST--
Tessera: Store: open(): a DSN with a NUL byte is an argument error
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
oa_try(fn () => Store::open("/tmp\0/x"));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ValueError: Tessera\Store::open(): Argument #1 ($dsn) must not contain any null bytes
