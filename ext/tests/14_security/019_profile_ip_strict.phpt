--TEST--
Tessera: Session: fingerprint_ip=strict: another address is another client
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$options = ['fingerprint_ip' => 'strict'];
$id = oa_make($store, ['a' => 1], $options, new Profile('2001:db8::1', 'A'));
$m = new SessionManager($store, $options);
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
var_dump($m->start($id, new Profile('2001:db8::2', 'A'))->isNew());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
invalid: profile changed
bool(true)
