--TEST--
Tessera: SessionManager: onInvalidId(): malformed, unknown and idle-expired IDs, reported before a new session is made
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$expired = oa_make($store, ['a' => 1]);
touch(tsr_record_file($dir, $expired), time() - 10);
foreach (['../../etc/passwd', str_repeat('A', 32), $expired] as $cookie) {
    $s = $m->start($cookie);
    var_dump($s->isNew());
}
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
invalid: malformed id
bool(true)
invalid: unknown id
bool(true)
invalid: idle timeout
bool(true)
