--TEST--
Tessera: cookies: cookie_samesite Strict and None (None forces Secure)
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

echo cookie_of(new SessionManager($store, ['cookie_samesite' => 'Strict'])), "\n";
echo cookie_of(new SessionManager($store, ['cookie_samesite' => 'none'])), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
TESSERA=<id>; Path=/; HttpOnly; SameSite=Strict
TESSERA=<id>; Path=/; Secure; HttpOnly; SameSite=None
