--TEST--
Tessera: cookies: cookie_host_prefix: __Host- name, Secure, Path=/ and no Domain
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

echo cookie_of(new SessionManager($store, ['cookie_name' => 'sid', 'cookie_host_prefix' => true])), "\n";
// A name that already carries the prefix is used as it is, with the same rules.
echo cookie_of(new SessionManager($store, ['cookie_name' => '__Host-sid'])), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
__Host-sid=<id>; Path=/; Secure; HttpOnly; SameSite=Lax
__Host-sid=<id>; Path=/; Secure; HttpOnly; SameSite=Lax
