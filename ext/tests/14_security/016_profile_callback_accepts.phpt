--TEST--
Tessera: Session: onProfileChange(): gets the session, the new and the known profiles; true accepts and remembers it
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['a' => 1], [], new Profile('192.0.2.1', 'Browser A'));
$m = new SessionManager($store);
$m->onProfileChange(function (Session $s, Profile $new, array $known) {
    echo "change: {$new->userAgent} from ", implode(',', array_map(fn ($p) => "{$p->ip} {$p->userAgent}", $known)), "\n";
    return true;
});
$s = $m->start($id, new Profile('192.0.2.1', 'Browser B'));
var_dump($s->id() === $id, $s->get('a'));
$m->commit($s);
// Both profiles are known now: no callback for either.
$m->commit($m->start($id, new Profile('192.0.2.1', 'Browser A')));
$m->commit($m->start($id, new Profile('192.0.2.1', 'Browser B')));
echo "end\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
change: Browser B from 192.0.2.1 Browser A
bool(true)
int(1)
end
