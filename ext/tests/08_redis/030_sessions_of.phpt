--TEST--
Tessera: redis: Store: sessionsOf(): the user's live sessions, most recent first, with the last request's address and User-Agent
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
require __DIR__ . '/../07_object_api/object_api.inc';
$prefix = tsr_redis_setup();
$store = Tessera\Store::open(tsr_redis_dsn($prefix));
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store);
$ids = [];
foreach ([['198.51.100.1', 'Laptop'], ['198.51.100.2', 'Phone']] as [$ip, $ua]) {
    $s = $m->start(null, new Profile($ip, $ua));
    $s->bindUser('ann');
    $m->commit($s);
    $ids[] = $s->id();
}
$other = $m->start(null);
$other->bindUser('bob');
$m->commit($other);
// The laptop is used again, later (on the next millisecond at least): it comes first.
$t = (int) (microtime(true) * 1000);
while ((int) (microtime(true) * 1000) === $t);
$s = $m->start($ids[0], new Profile('198.51.100.9', 'Laptop'));
$s->set('seen', true);
$m->commit($s);
echo $store->driver(), "\n";
$list = $store->sessionsOf('ann');
foreach ($list as $e) {
    echo $e['ip'], ' ', $e['user_agent'], ' ', $e['handle'] === hash('sha256', $ids[0]) ? 'laptop' : 'phone',
        ' ', $e['id_hint'] === substr($e['handle'], 0, 8) . "\u{2026}" ? 'hint ok' : 'bad hint',
        ' ', $e['created'] <= $e['last_active'] && $e['last_active'] <= time() ? 'times ok' : 'bad times', "\n";
}
var_dump(count($store->sessionsOf('bob')), $store->sessionsOf('nobody'));
?>
--EXPECT--
redis
198.51.100.9 Laptop laptop hint ok times ok
198.51.100.2 Phone phone hint ok times ok
int(1)
array(0) {
}
