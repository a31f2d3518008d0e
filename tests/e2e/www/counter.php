<?php
/* Scenario a: one increment of $_SESSION['n'] per request; prints the new value. */
require __DIR__ . '/_e2e.php';

e2e_session_start();
$n = (int) ($_SESSION['n'] ?? 0) + 1;
$_SESSION['n'] = $n;
session_write_close();
e2e_out(['n' => $n]);
