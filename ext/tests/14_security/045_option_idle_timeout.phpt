--TEST--
Tessera: SessionManager: option idle_timeout: a session unused for longer is dead ("idle timeout"); the default allows the same pause
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};

/*
 * The files store keeps a session's idle deadline as its record file's
 * mtime (last use + idle_timeout). Moving it back by $seconds is the same
 * as the session having been left alone $seconds longer: no waiting.
 */
function pause(string $dir, string $id, int $seconds): int
{
    $f = tsr_record_file($dir, $id);
    clearstatcache();
    $deadline = filemtime($f);
    touch($f, $deadline - $seconds);
    return $deadline - time();
}

$m = new SessionManager($store, ['idle_timeout' => 100]);
$m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
$id = oa_make($store, ['a' => 1], ['idle_timeout' => 100]);
$left = pause($dir, $id, 90);                // unused for 90 s
var_dump($left >= 99 && $left <= 100);       // the deadline was 100 s away
$s = $m->start($id);
var_dump($s->id() === $id, $s->get('a'));
$s->set('b', 2);
$m->commit($s);                              // used again: 100 s from now
pause($dir, $id, 101);                       // unused for 101 s
$s = $m->start($id);
var_dump($s->isNew(), $s->get('a'));

// Control: the default (1440 s) survives a pause of 101 s.
$d = new SessionManager($store);
$old = oa_make($store, ['a' => 2]);
$left = pause($dir, $old, 101);
var_dump($left >= 1439 && $left <= 1440);
$s = $d->start($old);
var_dump($s->id() === $old, $s->get('a'));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
int(1)
invalid: idle timeout
bool(true)
NULL
bool(true)
bool(true)
int(2)
