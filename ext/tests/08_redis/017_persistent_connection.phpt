--TEST--
Tessera: redis: one connection serves every session of a process by default; persistent=0 connects per use
--EXTENSIONS--
session
tessera
--SKIPIF--
<?php require __DIR__ . '/redis.inc'; tsr_redis_skipif(); ?>
--INI--
session.save_handler=tessera
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/redis.inc';
$prefix = tsr_redis_setup();

/* Connections the single server has accepted so far. */
function accepted(): int
{
    $info = tsr_redis(tsr_redis_port(), ['INFO', 'stats']);
    foreach (is_string($info) ? explode("\r\n", $info) : [] as $line) {
        if (str_starts_with($line, 'total_connections_received:')) {
            return (int) substr($line, strlen('total_connections_received:'));
        }
    }
    return -1;
}

/* Five sessions started, changed and written on $dsn; returns the connections made meanwhile. */
function five_sessions(string $dsn): int
{
    ini_set('session.save_path', $dsn);
    $before = accepted();
    for ($i = 0; $i < 5; $i++) {
        session_id('');
        if (!session_start()) {
            return -1;
        }
        $_SESSION['i'] = $i;
        session_write_close();
    }
    return accepted() - $before;
}

accepted(); // our own inspection connection, made once
var_dump(five_sessions(tsr_redis_dsn($prefix)));
var_dump(five_sessions(tsr_redis_dsn($prefix, 'persistent=0')) >= 10);
?>
--EXPECT--
int(1)
bool(true)
