--TEST--
Tessera: api: Tessera\session_info() and Tessera\version() take no arguments
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
try {
    Tessera\session_info(1);
} catch (ArgumentCountError $e) {
    echo $e::class, ': ', $e->getMessage(), "\n";
}
try {
    Tessera\version('x');
} catch (ArgumentCountError $e) {
    echo $e::class, ': ', $e->getMessage(), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
ArgumentCountError: Tessera\session_info() expects exactly 0 arguments, 1 given
ArgumentCountError: Tessera\version() expects exactly 0 arguments, 1 given
