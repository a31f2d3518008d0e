--TEST--
Tessera: Session: verifyCsrfToken(): accepts every token of the session's secret
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$s = (new SessionManager($store))->start(null);
$tokens = [$s->csrfToken(), $s->csrfToken(), $s->csrfToken()];
foreach ($tokens as $t) {
    var_dump($s->verifyCsrfToken($t));
}
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
