--TEST--
Tessera: object API: reads and writes sessions of drop-in code using serialize_handler=php_serialize
--EXTENSIONS--
session
tessera
--INI--
session.gc_probability=0
session.serialize_handler=php_serialize
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
ini_set('session.save_path', $dir);
ini_set('session.save_handler', 'tessera');
session_start();
$_SESSION['cart'] = ['apple'];
$id = session_id();
session_write_close();
$m = new SessionManager($store);
$s = $m->start($id);
$s->push('cart', 'pear');
$m->commit($s);
session_id($id);
session_start();
var_dump($_SESSION);
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
array(1) {
  ["cart"]=>
  array(2) {
    [0]=>
    string(5) "apple"
    [1]=>
    string(4) "pear"
  }
}
