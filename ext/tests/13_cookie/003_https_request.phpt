--TEST--
Tessera: cookies: an HTTPS request ($_SERVER['HTTPS']) gets Secure without the option
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
function cookie_of(SessionManager $m): string
{
    $s = $m->start(null);
    $s->set('a', 1);
    return str_replace($s->id(), '<id>', $m->commit($s));
}

$m = new SessionManager($store);
foreach (['on', '1', 'off', 'OFF', ''] as $v) {
    $_SERVER['HTTPS'] = $v;
    echo var_export($v, true), ': ', cookie_of($m), "\n";
}
unset($_SERVER['HTTPS']);
echo 'unset: ', cookie_of($m), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
'on': TESSERA=<id>; Path=/; Secure; HttpOnly; SameSite=Lax
'1': TESSERA=<id>; Path=/; Secure; HttpOnly; SameSite=Lax
'off': TESSERA=<id>; Path=/; HttpOnly; SameSite=Lax
'OFF': TESSERA=<id>; Path=/; HttpOnly; SameSite=Lax
'': TESSERA=<id>; Path=/; HttpOnly; SameSite=Lax
unset: TESSERA=<id>; Path=/; HttpOnly; SameSite=Lax
