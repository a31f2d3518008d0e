--TEST--
Tessera: drop-in: SessionHandler subclass: an existing session sent as the cookie opens with its data and saves changes
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
$id = tsr_make_session($dir, ['a' => 1]);
session_set_save_handler(new class extends SessionHandler {
    public function read(string $id): string|false
    {
        echo "read\n";
        return parent::read($id);
    }
});
$_COOKIE[session_name()] = $id;
var_dump(session_start());
var_dump(session_id() === $id, $_SESSION);
$_SESSION['b'] = 2;
var_dump(session_write_close());
// The native handler, in another process, sees the change.
$child = tsr_child($dir, 'session_id(' . var_export($id, true) . '); session_start();'
    . 'echo json_encode($_SESSION), "\n";');
[$code, $out, $err] = tsr_child_finish($child);
echo $out;
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
read
bool(true)
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
bool(true)
{"a":1,"b":2}
