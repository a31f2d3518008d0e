--TEST--
Tessera: Session: fingerprint_ip=subnet: the same /24 is the same client, another network is not
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$options = ['fingerprint_ip' => 'subnet', 'fingerprint_ua' => 'off'];
$id = oa_make($store, ['a' => 1], $options, new Profile('192.0.2.10', 'A'));
$m = new SessionManager($store, $options);
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$s = $m->start($id, new Profile('192.0.2.200', 'B'));
var_dump($s->id() === $id);
$m->commit($s);
$s = $m->start($id, new Profile('198.51.100.10', 'A'));
var_dump($s->isNew());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
invalid: profile changed
bool(true)
