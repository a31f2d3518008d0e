--TEST--
Tessera: cookies: the expiring cookie keeps Path, Domain and the prefix so that it replaces the session cookie
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$m = new SessionManager($store, ['cookie_name' => 'sid', 'cookie_domain' => 'example.com', 'cookie_path' => '/app', 'cookie_secure' => true]);
$s = $m->start($id);
$s->destroy();
echo $m->commit($s), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Path=/app; Domain=example.com; Secure; HttpOnly; SameSite=Lax
