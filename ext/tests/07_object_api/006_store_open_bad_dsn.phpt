--TEST--
Tessera: Store: open(): a DSN the library refuses throws StoreException with its message
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
oa_try(fn () => Store::open('relative/dir'));
oa_try(fn () => Store::open('ftp://example.com/x'));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Tessera\StoreException: cannot open the store: files DSN path must be absolute: 'relative/dir'
Tessera\StoreException: cannot open the store: unknown DSN scheme 'ftp'
