--TEST--
Tessera: SessionManager: cookieName() is the cookie_name option, with the __Host- prefix when asked
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
var_dump((new SessionManager($store))->cookieName());
var_dump((new SessionManager($store, ['cookie_name' => 'sid']))->cookieName());
var_dump((new SessionManager($store, ['cookie_name' => 'sid', 'cookie_host_prefix' => true]))->cookieName());
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(7) "TESSERA"
string(3) "sid"
string(10) "__Host-sid"
