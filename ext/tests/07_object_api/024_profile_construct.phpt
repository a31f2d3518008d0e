--TEST--
Tessera: Profile: holds an IP address and a User-Agent as readonly properties
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$p = new Profile('192.0.2.7', 'Firefox');
var_dump($p->ip, $p->userAgent);
var_dump((new Profile('2001:db8::1'))->ip, (new Profile())->ip);
oa_try(function () use ($p) { $p->ip = '192.0.2.8'; });
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(9) "192.0.2.7"
string(7) "Firefox"
string(11) "2001:db8::1"
string(0) ""
Error: Cannot modify readonly property Tessera\Profile::$ip
