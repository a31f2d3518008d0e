--TEST--
Tessera: SessionManager: option absolute_timeout: a session older than it is dead however recently used; onInvalidId says "absolute timeout"
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};

/*
 * The record header (lib/include/tessera/record.h): created_at at byte 40,
 * absolute_expiry at byte 60, both i64 little-endian milliseconds. Moving
 * both back by $seconds makes the session that much older without touching
 * its last use or its file's deadline: no waiting for the clock.
 */
function age(string $dir, string $id, int $seconds): array
{
    $f = tsr_record_file($dir, $id);
    $mtime = filemtime($f);
    $b = file_get_contents($f);
    ['created' => $c, 'abs' => $a] = unpack('Pcreated', substr($b, 40, 8)) + unpack('Pabs', substr($b, 60, 8));
    $b = substr_replace($b, pack('P', $c - $seconds * 1000), 40, 8);
    if ($a !== 0) {
        $b = substr_replace($b, pack('P', $a - $seconds * 1000), 60, 8);
    }
    file_put_contents($f, $b);
    touch($f, $mtime);
    return [$c, $a];
}

$m = new SessionManager($store, ['absolute_timeout' => 3600]);
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$id = oa_make($store, ['a' => 1], ['absolute_timeout' => 3600]);
[$created, $expiry] = age($dir, $id, 3599);
var_dump($expiry - $created);                // the option, in ms
$s = $m->start($id);                         // 3599 s old: alive
var_dump($s->id() === $id, $s->get('a'));
$m->commit($s);
age($dir, $id, 2);                           // 3601 s old
$s = $m->start($id);
var_dump($s->isNew(), $s->get('a'));

// Control: without the option (default 0) the same age does not matter.
$d = new SessionManager($store);
$d->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$old = oa_make($store, ['a' => 2]);
var_dump(age($dir, $old, 3601)[1]);
$s = $d->start($old);
var_dump($s->id() === $old, $s->get('a'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(3600000)
bool(true)
int(1)
invalid: absolute timeout
bool(true)
NULL
int(0)
bool(true)
int(2)
