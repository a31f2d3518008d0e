--TEST--
Tessera: Profile: an IP address that does not parse is an argument error
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
oa_try(fn () => new Profile('192.0.2', 'x'));
oa_try(fn () => new Profile('fe80::1%eth0'));
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ValueError: Tessera\Profile::__construct(): Argument #1 ($ip) must be an IPv4 or IPv6 address or ""
ValueError: Tessera\Profile::__construct(): Argument #1 ($ip) must be an IPv4 or IPv6 address or ""
