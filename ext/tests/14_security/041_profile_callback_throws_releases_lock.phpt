--TEST--
Tessera: SessionManager: onProfileChange(): an exception from the callback aborts start() and the lock is released
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1], [], new Profile('', 'Laptop'));
$m = new SessionManager($store);
$m->onProfileChange(function (Session $s, Profile $new, array $known): bool {
    echo "asked: {$new->userAgent}\n";
    throw new DomainException('profile service down');
});
oa_try(fn () => $m->start($id, new Profile('', 'Phone')));
// Another process gets the session's lock without waiting: nothing holds it.
$c = oa_child($dir, $id, '$m = new SessionManager(Store::open($dir), ["lock_wait_timeout" => 0]);'
    . 'try { $s = $m->start($id, null, LockMode::Exclusive); echo "locked\n"; $m->commit($s); }'
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
asked: Phone
DomainException: profile service down
locked
