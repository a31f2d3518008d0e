--TEST--
Tessera: SessionManager: option lock_mode takes a LockMode or its value and is the default of start()
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$m = new SessionManager($store, ['lock_mode' => LockMode::ReadOnly]);
var_dump($m->start(null)->lockMode());
$m = new SessionManager($store, ['lock_mode' => 'on_write']);
var_dump($m->start(null)->lockMode());
var_dump($m->start(null, null, LockMode::None)->lockMode());
var_dump((new SessionManager($store))->start(null)->lockMode());
?>
--CLEAN--
<?php
require __DIR__ . '/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
enum(Tessera\LockMode::ReadOnly)
enum(Tessera\LockMode::OnWrite)
enum(Tessera\LockMode::None)
enum(Tessera\LockMode::Exclusive)
