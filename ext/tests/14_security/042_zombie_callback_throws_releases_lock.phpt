--TEST--
Tessera: SessionManager: onZombie(): an exception from the callback aborts start() and the new session's lock is released
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1]);
$m = new SessionManager($store);
$s = $m->start($id);
$new = $s->regenerate();
$m->commit($s);
$m->onZombie(function (Session $z) use ($new) {
    echo "zombie: ", $z->id() === $new ? 'new id' : 'other', "\n";
    throw new DomainException('stale tab');
});
oa_try(fn () => $m->start($id));
// Another process gets the new session's lock without waiting, data intact.
$c = oa_child($dir, $new, '$m = new SessionManager(Store::open($dir), ["lock_wait_timeout" => 0]);'
    . 'try { $s = $m->start($id, null, LockMode::Exclusive);'
    . ' echo "locked: ", $s->id() === $id ? "same id" : "other id", ", a=", $s->get("a"), "\n"; $m->commit($s); }'
    . 'catch (Tessera\Exception $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }');
[$code, $out] = tsr_child_finish($c);
echo $out;
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
zombie: new id
DomainException: stale tab
locked: same id, a=1
