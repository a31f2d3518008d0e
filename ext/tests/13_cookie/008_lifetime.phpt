--TEST--
Tessera: cookies: cookie_lifetime adds Max-Age and Expires
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

$c = cookie_of(new SessionManager($store, ['cookie_lifetime' => 3600]));
var_dump(preg_match('/^TESSERA=<id>; Max-Age=3600; Expires=(\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT); Path=\/; HttpOnly; SameSite=Lax$/', $c, $m));
$t = strtotime($m[1]);
var_dump($t >= time() + 3598 && $t <= time() + 3601);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
bool(true)
