--TEST--
Tessera: drop-in: SessionHandler wrapper: a session it creates is read back by the next request carrying its cookie
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
// First request: no cookie, PHP's own SessionHandler object in front of Tessera.
$first = tsr_child($dir, 'session_set_save_handler(new SessionHandler());'
    . 'var_dump(session_start()); $_SESSION["n"] = 1; echo session_id(), "\n";');
[$code, $out, $err] = tsr_child_finish($first);
[$started, $id] = explode("\n", rtrim($out)) + [1 => ''];
echo $started, "\n";
var_dump($code, $err, tsr_is_tessera_id($id), is_file(tsr_record_file($dir, $id)));
// Second request: the cookie of the first.
$second = tsr_child($dir, 'session_set_save_handler(new SessionHandler());'
    . '$_COOKIE[session_name()] = ' . var_export($id, true) . ';'
    . 'var_dump(session_start(), session_id() === $_COOKIE[session_name()], $_SESSION);');
[$code, $out, $err] = tsr_child_finish($second);
echo $out;
var_dump($code, $err);
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
int(0)
string(0) ""
bool(true)
bool(true)
bool(true)
bool(true)
array(1) {
  ["n"]=>
  int(1)
}
int(0)
string(0) ""
