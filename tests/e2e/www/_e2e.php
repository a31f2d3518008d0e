<?php
/*
 * Helpers shared by the e2e pages: reading bounded parameters, the event files
 * and FIFOs through which a page tells the harness what it is doing (so the
 * harness orders requests by events, never by sleeping), and plain key=value
 * output that the harness reads with grep.
 */
declare(strict_types=1);

header('Content-Type: text/plain; charset=utf-8');
header('Cache-Control: no-store');

/* Ends the request with HTTP status 'code' and one line "error=<why>". */
function e2e_fail(int $code, string $why): never
{
	http_response_code($code);
	echo 'error=', $why, "\n";
	exit;
}

/* Returns query or form parameter 'name' when it matches 'pattern', else 'default'. */
function e2e_param(string $name, string $pattern, string $default = ''): string
{
	$v = $_POST[$name] ?? $_GET[$name] ?? null;
	if (!is_string($v) || $v === '') {
		return $default;
	}
	if (preg_match($pattern, $v) !== 1) {
		e2e_fail(400, "bad parameter $name");
	}
	return $v;
}

/* Path of event 'name' in the directory nginx passes as E2E_EVENTS. */
function e2e_event_path(string $name): string
{
	if (preg_match('/^[a-z0-9_]{1,64}$/', $name) !== 1) {
		e2e_fail(400, 'bad event name');
	}
	$dir = $_SERVER['E2E_EVENTS'] ?? '';
	if (!is_string($dir) || $dir === '' || !is_dir($dir)) {
		e2e_fail(500, 'E2E_EVENTS is not a directory');
	}
	return $dir . '/' . $name;
}

/* Writes 'line' to event 'name' (a FIFO the harness reads, or a plain file). */
function e2e_signal(string $name, string $line): void
{
	$f = fopen(e2e_event_path($name), 'w');
	if ($f === false || fwrite($f, $line . "\n") === false) {
		e2e_fail(500, "cannot signal $name");
	}
	fclose($f);
}

/*
 * Waits until the harness creates event file 'name', at most 'max_ms'
 * milliseconds. Returns whether it appeared.
 */
function e2e_wait_for(string $name, int $max_ms): bool
{
	$path = e2e_event_path($name);
	$deadline = hrtime(true) + $max_ms * 1000000;
	do {
		clearstatcache(true, $path);
		if (file_exists($path)) {
			return true;
		}
		usleep(2000);
	} while (hrtime(true) < $deadline);
	return false;
}

/* session_start() with 'options'; a failure ends the request with 503. */
function e2e_session_start(array $options = []): void
{
	if (!session_start($options)) {
		e2e_fail(503, 'session_start failed');
	}
}

/* Prints each pair as "key=value"; values are scalars chosen by the harness. */
function e2e_out(array $pairs): void
{
	foreach ($pairs as $k => $v) {
		if (is_bool($v)) {
			$v = $v ? '1' : '0';
		} elseif (is_float($v)) {
			$v = sprintf('%.6f', $v);
		} elseif (!is_scalar($v)) {
			$v = json_encode($v);
		}
		echo $k, '=', str_replace(["\r", "\n"], ' ', (string) $v), "\n";
	}
}

/* The session's scalar entries as "s.<key>" pairs. */
function e2e_session_pairs(): array
{
	$out = [];
	foreach ($_SESSION as $k => $v) {
		$out['s.' . $k] = $v;
	}
	return $out;
}
