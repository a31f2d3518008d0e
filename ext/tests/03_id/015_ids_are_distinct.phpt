--TEST--
Tessera: id: new IDs use the whole base64url alphabet and do not repeat
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
$seen = [];
$chars = '';
for ($i = 0; $i < 50; $i++) {
    session_id('');
    session_start();
    $seen[session_id()] = true;
    $chars .= session_id();
    session_abort();
}
var_dump(count($seen));
// 1600 random characters from 64: every one of them shows up with near certainty.
var_dump(count(count_chars($chars, 1)) >= 60);
var_dump((bool) preg_match('/\A[A-Za-z0-9_-]+\z/', $chars));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
int(50)
bool(true)
bool(true)
