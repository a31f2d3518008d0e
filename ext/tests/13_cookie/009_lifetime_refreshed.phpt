--TEST--
Tessera: cookies: with cookie_lifetime every commit returns the cookie (the expiry slides)
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store, ['cookie_lifetime' => 60]);
$s = $m->start(null);
$s->set('a', 1);
$m->commit($s);
$s = $m->start($s->id());
var_dump(str_starts_with((string) $m->commit($s), 'TESSERA=' . $s->id() . '; Max-Age=60; '));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
