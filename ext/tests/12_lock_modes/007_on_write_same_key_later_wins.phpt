--TEST--
Tessera: Session: OnWrite: two requests setting one key: the later commit wins
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['k' => 'start']);
$code = '$m = new SessionManager(Store::open($dir)); $s = $m->start($id, null, LockMode::OnWrite);'
    . 'echo "read\n"; $v = trim(fgets(STDIN)); $s->set("k", $v); $m->commit($s); echo "done\n";';
$a = oa_child($dir, $id, $code);
$b = oa_child($dir, $id, $code);
tsr_child_expect($a, 'read');
tsr_child_expect($b, 'read');
tsr_child_send($b, 'first');
tsr_child_expect($b, 'done');
tsr_child_send($a, 'second');
tsr_child_expect($a, 'done');
tsr_child_finish($a);
tsr_child_finish($b);
var_dump(oa_read($store, $id)['k']);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(6) "second"
