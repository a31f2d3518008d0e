--TEST--
Tessera: cookies: a name that with the ID would exceed 4096 bytes is a ValueError
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
// 192-bit IDs are 32 characters: 4064 + 32 = 4096 fits, 4065 does not.
var_dump((new SessionManager($store, ['cookie_name' => str_repeat('n', 4064)]))->cookieName() !== '');
oa_try(fn () => new SessionManager($store, ['cookie_name' => str_repeat('n', 4065)]));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "cookie_name" is too long: name and session ID must fit in 4096 bytes
