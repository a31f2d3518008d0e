--TEST--
Tessera: SessionManager: __construct(): an unknown option key is a ValueError naming it
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
oa_try(fn () => new SessionManager($store, ['idle_timeout' => 60, 'cookie_nmae' => 'x']));
oa_try(fn () => new SessionManager($store, [7 => 'x']));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) contains an unknown option "cookie_nmae"
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) contains an unknown option 7
