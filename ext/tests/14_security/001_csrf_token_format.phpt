--TEST--
Tessera: Session: csrfToken(): 86 base64url characters, a fresh mask on every call
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$a = $s->csrfToken();
$b = $s->csrfToken();
var_dump(preg_match('/\A[A-Za-z0-9_-]{86}\z/', $a), $a !== $b);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(1)
bool(true)
