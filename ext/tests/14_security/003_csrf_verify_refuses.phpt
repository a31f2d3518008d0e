--TEST--
Tessera: Session: verifyCsrfToken(): refuses tampered, truncated, foreign and empty tokens
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$s = $m->start(null);
$other = $m->start(null);
$t = $s->csrfToken();
$tampered = $t;
$tampered[40] = $tampered[40] === 'A' ? 'B' : 'A';
var_dump($s->verifyCsrfToken($tampered), $s->verifyCsrfToken(substr($t, 0, 85)),
         $s->verifyCsrfToken($other->csrfToken()), $s->verifyCsrfToken(''),
         $s->verifyCsrfToken($t . 'A'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
