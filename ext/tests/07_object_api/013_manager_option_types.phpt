--TEST--
Tessera: SessionManager: __construct(): an option of the wrong type or range is a ValueError naming it
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$bad = [
    ['idle_timeout' => '60'],
    ['idle_timeout' => 0],
    ['absolute_timeout' => -1],
    ['regenerate_grace' => 86401],
    ['lock_wait_timeout' => 'soon'],
    ['lock_ttl' => 0],
    ['sid_bits' => 64],
    ['lock_mode' => 'shared'],
    ['fingerprint_ua' => 'loose'],
    ['fingerprint_ip' => true],
    ['cookie_secure' => 1],
    ['cookie_samesite' => 'Sometimes'],
    ['cookie_lifetime' => -5],
    ['cookie_path' => 'no-slash'],
    ['cookie_domain' => 'exa mple.com'],
    ['cookie_name' => ''],
];
foreach ($bad as $options) {
    oa_try(fn () => new SessionManager($store, $options));
}
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "idle_timeout" must be an int of seconds from 1 to 2147483647
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "idle_timeout" must be an int of seconds from 1 to 2147483647
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "absolute_timeout" must be an int of seconds from 0 to 2147483647 (0 = off)
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "regenerate_grace" must be an int of seconds from 0 to 86400
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "lock_wait_timeout" must be an int or float of seconds from 0 to 86400 (0 = do not wait)
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "lock_ttl" must be an int of seconds from 1 to 86400
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "sid_bits" must be an int from 128 to 384
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "lock_mode" must be a Tessera\LockMode or one of "exclusive", "on_write", "read_only", "none"
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "fingerprint_ua" must be one of "strict", "off"
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "fingerprint_ip" must be one of "off", "subnet", "strict"
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_secure" must be a bool
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_samesite" must be one of "Lax", "Strict", "None"
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_lifetime" must be an int of seconds from 0 to 34560000 (0 = until the browser closes)
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_path" must be a path starting with "/" (printable ASCII, no ";")
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_domain" must be a host name (letters, digits, "-" and "."), "" or null
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_name" must be a non-empty cookie name (RFC 6265 token characters)
