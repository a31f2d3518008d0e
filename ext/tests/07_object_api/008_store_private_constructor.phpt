--TEST--
Tessera: Store: cannot be made with new, only with open()
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
oa_try(fn () => new Store());
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Error: Call to private Tessera\Store::__construct() from global scope
