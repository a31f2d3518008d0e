--TEST--
Tessera: redis: a bad DSN option gives one warning naming it, and never echoes the password
--EXTENSIONS--
session
tessera
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/redis.inc';
ob_start();
foreach ([
    'redis://:S3cretPw@127.0.0.1:6390?prefix=phptbad:&bogus=1',
    'redis://127.0.0.1:6390?prefix=a/b',
    'redis://127.0.0.1:6390?connect_timeout=0',
    'redis://127.0.0.1:6390?read_timeout=soon',
    'redis://127.0.0.1:6390?persistent=yes',
    'redis+cluster://127.0.0.1:7101?prefix=x:&db=3',
] as $dsn) {
    ini_set('session.save_path', $dsn);
    var_dump(session_start());
}
$out = ob_get_clean();
echo $out;
var_dump(str_contains($out, 'S3cretPw'));
?>
--EXPECTF--
Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: redis DSN: unknown option 'bogus' in %s on line %d
bool(false)

Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: redis DSN option 'prefix' may hold only A-Z a-z 0-9 : _ . - (at most 64) in %s on line %d
bool(false)

Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: redis DSN option 'connect_timeout' must be seconds > 0 (at most 3600, decimals allowed) in %s on line %d
bool(false)

Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: redis DSN option 'read_timeout' must be seconds > 0 (at most 3600, decimals allowed) in %s on line %d
bool(false)

Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: redis DSN option 'persistent' must be 0 or 1 in %s on line %d
bool(false)

Warning: session_start(): Tessera: cannot open the session store: session.save_path is not a usable store DSN: %s in %s on line %d
bool(false)
bool(false)
