--TEST--
Tessera: Session: onProfileChange(): false refuses: the session is destroyed and a new one issued
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1], [], new Profile('', 'Browser A'));
$m = new SessionManager($store);
$m->onProfileChange(fn () => false);
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$s = $m->start($id, new Profile('', 'Browser B'));
var_dump($s->isNew(), file_exists(tsr_record_file($dir, $id)));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
invalid: profile changed
bool(true)
bool(false)
