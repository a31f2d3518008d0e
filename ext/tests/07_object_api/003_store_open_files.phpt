--TEST--
Tessera: Store: open(): an absolute directory opens the files store
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
var_dump($store instanceof Store, $store->driver());
var_dump(Store::open('files://' . $dir)->driver());
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
string(5) "files"
string(5) "files"
