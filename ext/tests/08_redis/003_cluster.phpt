--TEST--
Tessera: redis: redis+cluster:// spreads sessions over the masters, each session's keys in one slot
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(cluster: true); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();
$dsn = tsr_redis_cluster_dsn($prefix);
ini_set('session.save_path', $dsn);

// New sessions until every master holds at least one (keys hash to slots; 3 masters).
$owners = [];
$ids = [];
for ($i = 0; $i < 60 && count(array_unique($owners)) < 3; $i++) {
    if (!session_start()) {
        echo "session_start failed\n";
        break;
    }
    $id = session_id();
    $_SESSION['i'] = $i;
    session_write_close();
    $ids[$i] = $id;
    $owners[$i] = tsr_redis_cluster_owner(tsr_redis_rec_key($prefix, $id));
    session_id('');
}
var_dump(count(array_unique($owners)));
var_dump(in_array(null, $owners, true));

// Every session reads back its own data, in a child with a fresh slot map.
$code = '$ids = json_decode(' . var_export(json_encode($ids), true) . ', true); $bad = 0;'
    . 'foreach ($ids as $i => $id) { session_id($id); session_start();'
    . ' if (session_id() !== $id || ($_SESSION["i"] ?? -1) !== $i) { $bad++; } session_write_close(); }'
    . 'echo "bad=$bad\n";';
$child = tsr_redis_child($dsn, $code);
var_dump(tsr_child_read($child), tsr_child_finish($child)[0]);

// The keys of one session (record, lock, wake list, waiters) share its hash tag, hence its slot.
$id = $ids[0];
$k = tsr_key($id);
$slots = array_unique(array_map('tsr_redis_keyslot',
    [$prefix . '{' . $k . '}:rec', $prefix . '{' . $k . '}:lock', $prefix . '{' . $k . '}:wake',
        $prefix . '{' . $k . '}:waiters']));
var_dump(count($slots), $slots[0] === tsr_redis_keyslot($k));
?>
--EXPECT--
int(3)
bool(false)
string(5) "bad=0"
int(0)
int(1)
bool(true)
