--TEST--
Tessera: Session: cannot be made with new, only by SessionManager::start()
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
oa_try(fn () => new Session());
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Error: Call to private Tessera\Session::__construct() from global scope
