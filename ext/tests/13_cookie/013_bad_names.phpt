--TEST--
Tessera: cookies: a cookie name with separators or control characters is a ValueError
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
foreach (['a b', 'a;b', "a\r\nb", 'a=b', 'ä'] as $name) {
    oa_try(fn () => new SessionManager($store, ['cookie_name' => $name]));
}
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_name" must be a non-empty cookie name (RFC 6265 token characters)
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_name" must be a non-empty cookie name (RFC 6265 token characters)
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_name" must be a non-empty cookie name (RFC 6265 token characters)
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_name" must be a non-empty cookie name (RFC 6265 token characters)
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_name" must be a non-empty cookie name (RFC 6265 token characters)
