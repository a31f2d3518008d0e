--TEST--
Tessera: SessionManager: option sid_bits: new IDs have that strength (base64url length) and are accepted back
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
foreach ([null, 128, 256, 384] as $bits) {
    $m = new SessionManager($store, $bits === null ? [] : ['sid_bits' => $bits]);
    $m->onInvalidId(function (string $why) { echo "invalid: $why\n"; });
    $s = $m->start(null);
    $s->set('bits', $bits);
    $m->commit($s);
    $id = $s->id();
    $again = $m->start($id);
    echo $bits ?? 'default', ': ', strlen($id), ' characters, ',
        preg_match('/\A[A-Za-z0-9_-]+\z/', $id) ? 'base64url' : 'bad alphabet', ', ',
        $again->id() === $id && $again->get('bits') === $bits ? 'reopened' : 'replaced', "\n";
    $m->commit($again);
}
oa_try(fn () => new SessionManager($store, ['sid_bits' => 127]));
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
default: 32 characters, base64url, reopened
128: 22 characters, base64url, reopened
256: 43 characters, base64url, reopened
384: 64 characters, base64url, reopened
ValueError: Tessera\SessionManager::__construct(): Argument #2 ($options) option "sid_bits" must be an int from 128 to 384
