--TEST--
Tessera: lock: concurrent increments from several processes lose nothing in exclusive mode
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
$dir = tsr_setup(__FILE__);
$id = tsr_make_session($dir, ['n' => 0]);
$code = 'for ($i = 0; $i < 25; $i++) {'
    . ' session_id(' . var_export($id, true) . ');'
    . ' if (!session_start()) { echo "failed\n"; exit(1); }'
    . ' $_SESSION["n"]++;'
    . ' session_write_close();'
    . '} echo "done\n";';
$children = [];
for ($c = 0; $c < 3; $c++) {
    $children[] = tsr_child($dir, $code);
}
foreach ($children as $child) {
    tsr_child_expect($child, 'done');
    echo tsr_child_finish($child)[0], "\n";
}
session_id($id);
session_start();
var_dump($_SESSION['n']);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
0
0
0
int(75)
