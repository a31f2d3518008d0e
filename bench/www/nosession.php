<?php
/* The ceiling: the same stack and the same cookie, but no session at all. */
require __DIR__ . '/_bench.php';

echo "ok\n";
