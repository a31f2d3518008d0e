--TEST--
Tessera: Profile: fromServer() reads REMOTE_ADDR and HTTP_USER_AGENT; an unparseable address is unknown
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$p = Profile::fromServer(['REMOTE_ADDR' => '198.51.100.4', 'HTTP_USER_AGENT' => 'curl/8']);
var_dump($p->ip, $p->userAgent);
$p = Profile::fromServer(['REMOTE_ADDR' => 'unix:']);
var_dump($p->ip, $p->userAgent);
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(12) "198.51.100.4"
string(6) "curl/8"
string(0) ""
string(0) ""
