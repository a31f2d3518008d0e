--TEST--
Tessera: SessionManager: __construct() cannot run twice
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
oa_try(fn () => $m->__construct($store, ['cookie_name' => 'x']));
var_dump($m->cookieName());
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
Error: Tessera\SessionManager is already initialised
string(7) "TESSERA"
