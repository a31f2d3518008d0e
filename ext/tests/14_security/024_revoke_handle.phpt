--TEST--
Tessera: Store: revoke(): a handle from sessionsOf() ends that session; its ID is then reported as revoked
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$s = $m->start(null);
$s->bindUser('ann');
$m->commit($s);
[$entry] = $store->sessionsOf('ann');
var_dump($store->revoke($entry['handle']), $store->sessionsOf('ann'));
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
var_dump($m->start($s->id())->isNew());
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
array(0) {
}
invalid: revoked
bool(true)
