--TEST--
Tessera: Store: open(): a directory that does not exist throws StoreException
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
oa_try(fn () => Store::open($dir . '/missing'));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECTF--
Tessera\StoreException: cannot open the store: files store: directory '%s/missing' does not exist
