--TEST--
Tessera: ini: every tessera.* setting has its documented default
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/../tessera.inc';
foreach (ini_get_all('tessera') as $name => $v) {
    echo $name, ' = ', $v['local_value'], "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../tessera.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
tessera.absolute_timeout = 0
tessera.fingerprint_ip = off
tessera.fingerprint_ua = strict
tessera.idle_timeout = 0
tessera.lock_mode = exclusive
tessera.lock_ttl = 60
tessera.lock_wait_timeout = 30
tessera.regenerate_grace = 30
tessera.sid_bits = 192
