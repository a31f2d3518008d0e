--TEST--
Tessera: api: Tessera\version() returns the extension version
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
var_dump(Tessera\version() === phpversion('tessera'));
var_dump((bool) preg_match('/\A\d+\.\d+\.\d+/', Tessera\version()));
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
