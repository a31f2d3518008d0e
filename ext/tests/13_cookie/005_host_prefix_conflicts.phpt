--TEST--
Tessera: cookies: cookie_host_prefix with a Domain or another Path is a ValueError
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
oa_try(fn () => new SessionManager($store, ['cookie_host_prefix' => true, 'cookie_domain' => 'example.com']));
oa_try(fn () => new SessionManager($store, ['cookie_host_prefix' => true, 'cookie_path' => '/app']));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_domain" cannot be used with a __Host- cookie (it has no Domain)
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_path" must be "/" for a __Host- cookie
