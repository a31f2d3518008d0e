<?php
/*
 * Helpers shared by the benchmark pages: bounded parameters, a record of
 * every warning or notice raised while the session is handled (a request
 * that saw a warning or worse answers 500, so wrk and the harness count it
 * as an error instead of a silent success; notices, such as phpredis'
 * "Acquire of session lock was not successful" before it reads anyway, are
 * counted and reported), the FIFO events through which a page tells the
 * harness it holds a session, and key=value output.
 */
declare(strict_types=1);

header('Content-Type: text/plain; charset=utf-8');
header('Cache-Control: no-store');

/* Messages of the warnings (and worse) and of the notices raised so far in this request. */
$GLOBALS['bench_warnings'] = [];
$GLOBALS['bench_notices'] = [];

set_error_handler(static function (int $no, string $msg): bool {
	$notice = E_NOTICE | E_USER_NOTICE | E_DEPRECATED | E_USER_DEPRECATED;
	$GLOBALS[($no & $notice) !== 0 ? 'bench_notices' : 'bench_warnings'][] = $msg;
	return true;
});

/* Ends the request with HTTP status 'code' and one line "error=<why>". */
function bench_fail(int $code, string $why): never
{
	http_response_code($code);
	echo 'error=', str_replace(["\r", "\n"], ' ', $why), "\n";
	exit;
}

/* Returns query parameter 'name' when it matches 'pattern', else 'default'. */
function bench_param(string $name, string $pattern, string $default = ''): string
{
	$v = $_GET[$name] ?? null;
	if (!is_string($v) || $v === '') {
		return $default;
	}
	if (preg_match($pattern, $v) !== 1) {
		bench_fail(400, "bad parameter $name");
	}
	return $v;
}

/* Fails the request (500) if a warning (or worse) was raised so far. */
function bench_check_warnings(string $where): void
{
	if ($GLOBALS['bench_warnings'] !== []) {
		bench_fail(500, $where . ': ' . implode(' | ', $GLOBALS['bench_warnings']));
	}
}

/* session_start() that fails the request on false or on any warning. */
function bench_session_start(array $options = []): void
{
	if (!session_start($options)) {
		bench_fail(500, 'session_start() returned false: ' . implode(' | ', $GLOBALS['bench_warnings']));
	}
	bench_check_warnings('session_start');
}

/* session_write_close() that fails the request on false or on any warning. */
function bench_session_close(): void
{
	if (!session_write_close()) {
		bench_fail(500, 'session_write_close() returned false: ' . implode(' | ', $GLOBALS['bench_warnings']));
	}
	bench_check_warnings('session_write_close');
}

/* The notices raised so far: "count" or "count: first message". */
function bench_notices(): string
{
	$n = $GLOBALS['bench_notices'];
	return $n === [] ? '0' : count($n) . ': ' . str_replace(["\r", "\n"], ' ', $n[0]);
}

/* Writes 'line' into the FIFO or file 'name' of the directory nginx passes as BENCH_EVENTS. */
function bench_signal(string $name, string $line): void
{
	if (preg_match('/^[a-z0-9_]{1,64}$/', $name) !== 1) {
		bench_fail(400, 'bad event name');
	}
	$dir = $_SERVER['BENCH_EVENTS'] ?? '';
	if (!is_string($dir) || $dir === '' || !is_dir($dir)) {
		bench_fail(500, 'BENCH_EVENTS is not a directory');
	}
	$f = fopen($dir . '/' . $name, 'w');
	if ($f === false) {
		bench_fail(500, "cannot open event $name");
	}
	fwrite($f, $line . "\n");
	fclose($f);
}

/* Prints 'pairs' as key=value lines (booleans as 0/1, floats with 6 decimals). */
function bench_out(array $pairs): void
{
	foreach ($pairs as $k => $v) {
		if (is_bool($v)) {
			$v = $v ? '1' : '0';
		} elseif (is_float($v)) {
			$v = sprintf('%.6f', $v);
		}
		echo $k, '=', str_replace(["\r", "\n"], ' ', (string) $v), "\n";
	}
}
