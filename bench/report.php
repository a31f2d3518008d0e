<?php
/*
 * Turns the raw figures of one `make bench` run into its report.
 *
 *   php report.php RAW.tsv META.tsv STEM PLOTDIR
 *
 * RAW.tsv has one figure a line: scenario, pool, variant, repetition,
 * metric, value (tab-separated; written by bench/run.sh). META.tsv has one
 * fact a line: key, value (machine, versions, settings). Writes STEM.md
 * (the report, linking the charts STEM-<name>.png that run.sh draws with
 * gnuplot from PLOTDIR/<name>.dat, also written here) and prints the target
 * checks, one "PASS|FAIL|N/A|SKIP  what: figures" line each, on stdout,
 * after a "WARN  machine was busy..." line when the machine was busy at the
 * start.
 *
 * Every figure in the report is the median over the repetitions with the
 * minimum and maximum beside it; lost updates and errors are summed over
 * the repetitions (one is too many). A ratio between two rows is taken
 * within each repetition (the two rows measured in the same repetition,
 * minutes apart at most) and then summarised the same way, so a drift of
 * the machine between repetitions does not enter it.
 */
declare(strict_types=1);

if ($argc !== 5) {
	fwrite(STDERR, "usage: php report.php RAW.tsv META.tsv STEM PLOTDIR\n");
	exit(2);
}
[, $rawPath, $metaPath, $stem, $plotDir] = $argv;

/* ---- input ---------------------------------------------------------------- */

/** @return list<list<string>> the tab-separated fields of each non-empty line of 'path'. */
function read_tsv(string $path): array
{
	$lines = file($path, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES);
	if ($lines === false) {
		fwrite(STDERR, "report: cannot read $path\n");
		exit(1);
	}
	return array_map(static fn(string $l): array => explode("\t", $l), $lines);
}

/* $raw[scenario][pool][variant][rep][metric] = list of values */
$raw = [];
foreach (read_tsv($rawPath) as $f) {
	if (count($f) < 6) {
		continue;
	}
	[$scenario, $pool, $variant, $rep, $metric] = $f;
	$value = implode("\t", array_slice($f, 5));
	$raw[$scenario][$pool][$variant][(int) $rep][$metric][] = $value;
}
/* $meta[key] = list of values */
$meta = [];
foreach (read_tsv($metaPath) as $f) {
	$meta[$f[0]][] = $f[1] ?? '';
}

function m(string $key, string $default = ''): string
{
	global $meta;
	return $meta[$key][0] ?? $default;
}

/* ---- statistics ----------------------------------------------------------- */

/** Median of a non-empty list of numbers. */
function median(array $v): float
{
	sort($v, SORT_NUMERIC);
	$n = count($v);
	$mid = intdiv($n, 2);
	return $n % 2 === 1 ? (float) $v[$mid] : ((float) $v[$mid - 1] + (float) $v[$mid]) / 2.0;
}

/** Nearest-rank percentile 'p' (0..100) of a non-empty list. */
function percentile(array $v, float $p): float
{
	sort($v, SORT_NUMERIC);
	$rank = (int) ceil($p / 100.0 * count($v));
	return (float) $v[max(0, min(count($v) - 1, $rank - 1))];
}

/**
 * Per-repetition values of one metric, reduced per repetition with 'per'
 * (default: the first value). Returns [] when the row was not measured.
 */
function per_rep(string $scenario, string $pool, string $variant, string $metric, ?callable $per = null): array
{
	global $raw;
	$out = [];
	foreach ($raw[$scenario][$pool][$variant] ?? [] as $rep => $metrics) {
		if (!isset($metrics[$metric]) || $metrics[$metric] === []) {
			continue;
		}
		$vals = array_map('floatval', $metrics[$metric]);
		$out[$rep] = $per === null ? $vals[0] : $per($vals);
	}
	return $out;
}

/** Sum of one metric over every repetition and value. */
function total(string $scenario, string $pool, string $variant, string $metric): ?float
{
	$v = per_rep($scenario, $pool, $variant, $metric, static fn(array $x): float => array_sum($x));
	return $v === [] ? null : array_sum($v);
}

/** [median, min, max] of a list, or null when empty. */
function mmm(array $v): ?array
{
	return $v === [] ? null : [median($v), min($v), max($v)];
}

/** "median (min–max)" with 'dec' decimals; the range only with more than one run. */
function fmt(?array $s, int $dec = 0, string $unit = ''): string
{
	if ($s === null) {
		return '–';
	}
	$f = static fn(float $x): string => number_format($x, $dec, '.', '');
	$text = $f($s[0]) . $unit;
	if (count_runs() > 1) {
		$text .= ' (' . $f($s[1]) . '–' . $f($s[2]) . ')';
	}
	return $text;
}

function count_runs(): int
{
	return max(1, (int) m('repeats', '1'));
}

/**
 * The ratio of row 'num' to row 'den' (scenario 'scenario', metric
 * 'metric', each row a [pool, variant] pair) computed within each
 * repetition: [median, min, max] over the repetitions in which both rows
 * were measured, or null when none was.
 */
function ratio(string $scenario, array $num, array $den, string $metric): ?array
{
	$a = per_rep($scenario, $num[0], $num[1], $metric);
	$b = per_rep($scenario, $den[0], $den[1], $metric);
	$r = [];
	foreach ($a as $rep => $v) {
		if (isset($b[$rep]) && $b[$rep] > 0) {
			$r[] = $v / $b[$rep];
		}
	}
	return mmm($r);
}

/* ---- pools ---------------------------------------------------------------- */

$labels = [
	'ceiling' => 'no session (ceiling)',
	'files' => 'PHP files',
	'files_tessera_loaded' => 'PHP files, tessera.so loaded',
	'redis_default' => 'phpredis locked (defaults)',
	'redis_tuned' => 'phpredis locked (tuned)',
	'redis_unlocked' => 'phpredis unlocked',
	'memcached_default' => 'php-memcached locked (defaults)',
	'memcached_tuned' => 'php-memcached locked (tuned)',
	'tessera_files' => 'Tessera files (exclusive)',
	'tessera_files_none' => 'Tessera files (none)',
	'tessera_files_full' => 'Tessera files (exclusive, sync=full)',
	'tessera_redis' => 'Tessera Redis (exclusive)',
	'tessera_redis_none' => 'Tessera Redis (none)',
];
$peers = ['files', 'redis_default', 'redis_tuned', 'redis_unlocked', 'memcached_default', 'memcached_tuned'];
$tesseraPools = ['tessera_files', 'tessera_files_none', 'tessera_files_full', 'tessera_redis', 'tessera_redis_none'];
$tesseraLocked = ['tessera_files', 'tessera_redis'];
$redisBuilt = m('tessera_redis') === '1';
$redisWhy = m('tessera_redis_why', 'n/a (store not built)');
$payloads = preg_split('/\s+/', trim(m('payloads', '512 16384')));
$holds = preg_split('/\s+/', trim(m('holds', '0 20')));
/* How many times the requests a hold-0 run makes ('' in reports from before it was recorded). */
$hold0Factor = m('hold0_factor');
$hold0Note = $hold0Factor === '' ? '' : " (x $hold0Factor at hold 0)";
$ran = static fn(string $s): bool => isset($raw[$s]);

function label(string $pool): string
{
	global $labels;
	return $labels[$pool] ?? $pool;
}

/** The label of a pool without its lock mode, for rows that choose the mode per request. */
function store_label(string $pool): string
{
	return preg_replace('/ \(exclusive\)$/', '', label($pool));
}

function bytes_label(string $b): string
{
	$n = (int) $b;
	return $n >= 1024 && $n % 1024 === 0 ? ($n / 1024) . ' KB' : $n . ' B';
}

/** True when a Tessera Redis row is not measured because the store is not built. */
function redis_na(string $pool): bool
{
	global $redisBuilt;
	return str_starts_with($pool, 'tessera_redis') && !$redisBuilt;
}

/* ---- targets -------------------------------------------------------------- */

$targets = [];
$target = static function (string $status, string $what, string $detail) use (&$targets): void {
	$targets[] = sprintf('%-4s  %s: %s', $status, $what, $detail);
};

$rps = static fn(string $pool, string $bytes): ?array => mmm(per_rep('throughput', $pool, $bytes, 'rps'));
/* Throughput of one pool over another at one payload (or over the ceiling, variant '-'), per repetition. */
$tpRatio = static fn(string $pool, string $bytes, string $over, ?string $overBytes = null): ?array
	=> ratio('throughput', [$pool, $bytes], [$over, $overBytes ?? $bytes], 'rps');
/* "1.05x (0.98–1.10)": a ratio's median with, over several runs, its range. */
$x = static fn(?array $r): string => fmt($r, 2, 'x');

/* A machine busy before the run started: said first, the figures below may be disturbed. */
$busy = m('busy');
/* A report from before the check: judge its one start figure the same way, without the wait. */
if ($busy === '' && m('load_wait_max_s') === '' && (float) m('loadavg') > (float) m('nproc', '0') && m('nproc') !== '') {
	$busy = sprintf('1-minute load %s above %s CPUs at the start (not waited for: the run predates the check)',
		strtok(m('loadavg'), ' '), m('nproc'));
}
if ($busy !== '') {
	$target('WARN', 'machine was busy: figures may be disturbed', $busy);
}

/* The run's own duration against its mode's limit (the issue: QUICK under 3 minutes, full under 20). */
/* Reports from before elapsed_s had "elapsed" as "N s", counted from run.sh's start. */
$elapsed = m('elapsed_s', (string) preg_replace('/^(\d+) s$/', '$1', m('elapsed')));
$limit = (int) m('elapsed_limit_s', m('quick') === '1' ? '180' : '1200');
$what = sprintf('%s run under %d s', m('quick') === '1' ? 'QUICK' : 'full', $limit);
if ($elapsed === '') {
	$target('FAIL', $what, 'elapsed time not recorded');
} else {
	$wait = (int) m('load_wait_s', '0');
	$target((int) $elapsed < $limit ? 'PASS' : 'FAIL', $what, sprintf('%d s%s', (int) $elapsed,
		$wait > 0 ? sprintf(', of which %d s waiting for the load to fall', $wait) : ''));
}

if (!$ran('throughput')) {
	$target('SKIP', 'Tessera files >= 1.0x PHP files throughput', 'throughput scenario not run');
	$target('SKIP', 'Tessera Redis locked >= 1.3x phpredis locked-tuned and >= phpredis unlocked', 'throughput scenario not run');
} else {
	foreach ($payloads as $b) {
		$t = $rps('tessera_files', $b);
		$p = $rps('files', $b);
		$r = $tpRatio('tessera_files', $b, 'files');
		if ($t === null || $p === null || $r === null) {
			$target('FAIL', 'Tessera files >= 1.0x PHP files throughput (' . bytes_label($b) . ')', 'not measured');
			continue;
		}
		$target($r[0] >= 1.0 ? 'PASS' : 'FAIL', 'Tessera files >= 1.0x PHP files throughput (' . bytes_label($b) . ')',
			sprintf('%s (medians %.0f vs %.0f req/s)', $x($r), $t[0], $p[0]));
	}
	foreach ($payloads as $b) {
		$what = 'Tessera Redis locked >= 1.3x phpredis locked-tuned and >= phpredis unlocked (' . bytes_label($b) . ')';
		if (!$redisBuilt) {
			$target('N/A', $what, $redisWhy);
			continue;
		}
		$t = $rps('tessera_redis', $b);
		$tuned = $rps('redis_tuned', $b);
		$unl = $rps('redis_unlocked', $b);
		$r1 = $tpRatio('tessera_redis', $b, 'redis_tuned');
		$r2 = $tpRatio('tessera_redis', $b, 'redis_unlocked');
		if ($t === null || $tuned === null || $unl === null || $r1 === null || $r2 === null) {
			$target('FAIL', $what, 'not measured');
			continue;
		}
		$target($r1[0] >= 1.3 && $r2[0] >= 1.0 ? 'PASS' : 'FAIL', $what,
			sprintf('%s locked-tuned, %s unlocked (medians %.0f vs %.0f / %.0f req/s)', $x($r1), $x($r2), $t[0], $tuned[0], $unl[0]));
	}
}

/* A request that failed still counts in wrk's requests/s: the throughput figures stand only without errors. */
if ($ran('throughput')) {
	$bad = [];
	foreach ($tesseraPools as $pool) {
		foreach ($payloads as $b) {
			$n = (int) (total('throughput', $pool, $b, 'errors') ?? 0);
			if ($n > 0) {
				$bad[] = sprintf('%s %s: %d', label($pool), bytes_label($b), $n);
			}
		}
	}
	$target($bad === [] ? 'PASS' : 'FAIL', 'no failed request in any Tessera throughput run',
		$bad === [] ? '0 errors' : implode('; ', $bad));
}

if (!$ran('contention')) {
	$target('SKIP', '0 lost updates at default settings, every Tessera store', 'contention scenario not run');
	$target('SKIP', 'contention overhead <= PHP files\', every Tessera store', 'contention scenario not run');
} else {
	foreach ($tesseraLocked as $pool) {
		$what = '0 lost updates at default settings: ' . label($pool);
		if (redis_na($pool)) {
			$target('N/A', $what, $redisWhy);
			continue;
		}
		$lost = 0.0;
		$err = 0.0;
		$req = 0.0;
		$seen = false;
		foreach ($holds as $h) {
			$l = total('contention', $pool, "h$h", 'lost');
			if ($l === null) {
				continue;
			}
			$seen = true;
			$lost += $l;
			$err += total('contention', $pool, "h$h", 'errors') ?? 0;
			$req += total('contention', $pool, "h$h", 'requests') ?? 0;
		}
		if (!$seen) {
			$target('FAIL', $what, 'not measured');
			continue;
		}
		$target($lost == 0 && $err == 0 ? 'PASS' : 'FAIL', $what,
			sprintf('%d lost, %d errors in %d requests', $lost, $err, $req));
	}
	foreach ($tesseraLocked as $pool) {
		foreach ($holds as $h) {
			$what = sprintf('contention overhead <= PHP files\' (hold %s ms): %s', $h, label($pool));
			if (redis_na($pool)) {
				$target('N/A', $what, $redisWhy);
				continue;
			}
			$t = mmm(per_rep('contention', $pool, "h$h", 'overhead_ms'));
			$f = mmm(per_rep('contention', 'files', "h$h", 'overhead_ms'));
			if ($t === null || $f === null) {
				$target('FAIL', $what, 'not measured');
				continue;
			}
			/* Three decimals: the medians can differ by microseconds. */
			$target($t[0] <= $f[0] ? 'PASS' : 'FAIL', $what,
				sprintf('%s ms vs %s ms per request', fmt($t, 3), fmt($f, 3)));
		}
	}
}

$readerP = static function (string $pool, string $way, float $p): ?array {
	return mmm(per_rep('readers', $pool, $way, 'latency_ms', static fn(array $v): float => percentile($v, $p)));
};
if (!$ran('readers')) {
	$target('SKIP', 'reader p50 < 5 ms', 'readers scenario not run');
} else {
	foreach ($tesseraLocked as $pool) {
		foreach (['read_only', 'read_and_close'] as $way) {
			$what = sprintf('reader p50 < 5 ms: %s, %s', label($pool), $way);
			if (redis_na($pool)) {
				$target('N/A', $what, $redisWhy);
				continue;
			}
			$s = $readerP($pool, $way, 50);
			if ($s === null) {
				$target('FAIL', $what, 'not measured');
				continue;
			}
			$target($s[0] < 5.0 ? 'PASS' : 'FAIL', $what, sprintf('p50 %.2f ms', $s[0]));
		}
	}
}

/* Merge: Tessera's OnWrite runs the increments side by side and loses none. */
$mergeSerial = (float) m('merge_serial_s', '0');
if (!$ran('merge')) {
	$target('SKIP', 'merge: OnWrite well under the serial time, 0 lost', 'merge scenario not run');
} else {
	foreach ($tesseraLocked as $pool) {
		$what = 'merge: OnWrite under half the serial time, 0 lost, 0 errors: ' . store_label($pool);
		if (redis_na($pool)) {
			$target('N/A', $what, $redisWhy);
			continue;
		}
		$wall = mmm(per_rep('merge', $pool, 'on_write', 'wall_s'));
		if ($wall === null || $mergeSerial <= 0) {
			$target('FAIL', $what, 'not measured');
			continue;
		}
		$lost = (int) (total('merge', $pool, 'on_write', 'lost') ?? 0);
		$errors = (int) (total('merge', $pool, 'on_write', 'errors') ?? 0);
		$target($wall[0] < $mergeSerial / 2 && $lost === 0 && $errors === 0 ? 'PASS' : 'FAIL', $what,
			sprintf('%.2f s vs %.2f s serial, %d lost, %d errors', $wall[0], $mergeSerial, $lost, $errors));
	}
}

/*
 * The share of CPU time the host took between tick marks i-1 and i ("total
 * steal" in clock ticks, see load_mark in run.sh), as "N.N %"; "–" for the
 * first mark, or for marks not recorded (reports from before steal was).
 */
function stolen_since(array $ticks, int $i): string
{
	if ($i === 0 || !isset($ticks[$i], $ticks[$i - 1])) {
		return '–';
	}
	$now = array_map('floatval', explode(' ', explode(': ', $ticks[$i], 2)[1] ?? ''));
	$before = array_map('floatval', explode(' ', explode(': ', $ticks[$i - 1], 2)[1] ?? ''));
	if (count($now) !== 2 || count($before) !== 2 || $now[0] <= $before[0]) {
		return '–';
	}
	return sprintf('%.1f %%', 100 * ($now[1] - $before[1]) / ($now[0] - $before[0]));
}

/* ---- the report ----------------------------------------------------------- */

$md = [];
$quick = m('quick') === '1';
$md[] = '# Tessera benchmark: ' . m('date') . ' on ' . m('host');
$md[] = '';
$md[] = sprintf('Mode: **%s**, %d repetition(s) per figure; every figure is the median over the repetitions%s. '
	. 'Elapsed: %s. Same machine, same run, loopback only: the ratios matter more than the absolute numbers.',
	$quick ? 'QUICK' : 'full', count_runs(), count_runs() > 1 ? ' with (min–max)' : ' (one run: no range)',
	$elapsed === '' ? '?' : $elapsed . ' s');
if ($busy !== '') {
	$md[] = '';
	$md[] = "> **Machine was busy: figures may be disturbed.** $busy (see Disturbance below).";
}
if (m('only') !== '' || m('rows') !== '') {
	$md[] = '';
	$md[] = sprintf('> Partial run: scenarios %s; throughput and contention rows %s.',
		m('only') === '' ? 'all' : m('only'), m('rows') === '' ? 'all' : m('rows'));
}
if ($quick) {
	$md[] = '';
	$md[] = '> QUICK mode: one short run per figure, noisy. It proves the harness end to end; use the full run for numbers.';
}
$md[] = '';
$md[] = '## Targets';
$md[] = '';
$md[] = '```';
foreach ($targets as $t) {
	$md[] = $t;
}
$md[] = '```';
$md[] = '';

$md[] = '## Machine';
$md[] = '';
$md[] = '| | |';
$md[] = '|---|---|';
foreach (['host' => 'host', 'cpu' => 'CPU', 'nproc' => 'nproc', 'memory' => 'memory', 'kernel' => 'kernel',
	'os' => 'OS', 'store_fs' => 'file system of the files stores'] as $k => $name) {
	$md[] = "| $name | " . m($k, '?') . ' |';
}
$md[] = '';
$md[] = '## Disturbance';
$md[] = '';
$md[] = sprintf('Load averages (1, 5, 15 minutes) over the run, on %s CPUs. The run itself loads the machine, so only '
	. 'the figure at the start says whether something else was running: above the CPU count, the run waits up to %s s '
	. 'for it to fall and, if it does not, flags the report. On a virtual machine the host can also take CPU time '
	. 'away, which no load average shows: the last column is the share of all CPU time the kernel counted as stolen '
	. '(/proc/stat) between two lines.', m('nproc', '?'), m('load_wait_max_s', '?'));
$md[] = '';
$md[] = '| when | load 1 / 5 / 15 min | CPU time stolen by the host since the line above |';
$md[] = '|---|---|---:|';
/* Reports from before the load was tracked have one "loadavg" at the start. */
$loads = $meta['load'] ?? (m('loadavg') === '' ? [] : ['start: ' . m('loadavg')]);
$ticks = $meta['ticks'] ?? [];
$stolen = array_map(fn($i) => stolen_since($ticks, $i), array_keys($loads));
foreach ($loads as $i => $l) {
	[$when, $load] = array_pad(explode(': ', $l, 2), 2, '');
	$md[] = "| $when | " . str_replace(' ', ' / ', $load) . ' | ' . $stolen[$i] . ' |';
}
$md[] = '';
if ($loads === []) {
	$md[] = 'Not recorded.';
} else {
	$md[] = $busy === '' ? 'Verdict: the machine was quiet enough at the start.'
		: "Verdict: **machine was busy: figures may be disturbed** ($busy).";
	$measured = array_filter($stolen, fn($s) => $s !== '–');
	if ($measured !== []) {
		$md[] = sprintf('The host took at most %s of the CPU time between two lines above.',
			max(array_map('floatval', $measured)) . ' %');
	}
}
$md[] = '';
$md[] = '## Versions';
$md[] = '';
foreach (['tessera', 'tessera_so', 'php', 'php_fpm', 'nginx', 'redis', 'memcached', 'phpredis', 'php_memcached',
	'igbinary', 'msgpack', 'hiredis', 'openssl', 'wrk', 'curl', 'gnuplot'] as $k) {
	$md[] = '- ' . m($k, '?');
}
$md[] = '';

$md[] = '## Settings';
$md[] = '';
$md[] = sprintf('php-fpm: one master per handler, `pm = static`, %s workers, on a unix socket behind one nginx '
	. '(%s worker processes, no access log); each pool is started with `-n -c` its own php.ini and loads only '
	. 'the extensions its handler needs. redis-server (no persistence) and memcached (`-m 1024 -t 2`) on 127.0.0.1. '
	. 'wrk: %s threads, %s connections, %s s per run after a %s s warm-up; %s sessions pre-created per store and payload. '
	. 'Contention: %s clients x %s requests%s, holds %s ms, and one client alone. Readers: %s at once while a writer holds the session %s ms. '
	. 'Scale: %s sessions.',
	m('workers'), m('nginx_workers'), m('threads'), m('connections'), m('duration'), m('warmup'), m('sessions'),
	m('clients'), m('requests'), $hold0Note, implode(' and ', $holds), m('readers'), m('reader_hold_ms'), m('scale_n'));
$md[] = '';
$md[] = 'Common php.ini lines (every pool):';
$md[] = '';
$md[] = '```ini';
foreach ($meta['setting:common'] ?? [] as $l) {
	$md[] = $l;
}
$md[] = '```';
$md[] = '';
$md[] = 'Each pool\'s own lines (nothing else differs; unlisted settings are the extension\'s defaults):';
$md[] = '';
foreach ($labels as $pool => $label) {
	if ($pool === 'ceiling') {
		continue;
	}
	if (!isset($meta["setting:$pool"])) {
		if (redis_na($pool)) {
			$md[] = "- **$label**: $redisWhy";
		}
		continue;
	}
	$md[] = "- **$label** (loaded: " . (m("extensions:$pool") ?: '?') . '):';
	$md[] = '';
	$md[] = '  ```ini';
	foreach ($meta["setting:$pool"] as $l) {
		$md[] = '  ' . $l;
	}
	$md[] = '  ```';
}
$md[] = '';
$md[] = 'The ceiling is `nosession.php` on the PHP files pool: the same stack and cookie, no session.';
$md[] = '';

$chart = static fn(string $name): string => basename($stem) . "-$name.png";

/* Throughput */
$md[] = '## Throughput';
$md[] = '';
if (!$ran('throughput')) {
	$md[] = 'Not run.';
} else {
	$md[] = sprintf('Requests/s with %s connections over %s random pre-created sessions; every request reads the session, '
		. 'counts the visit and writes it back. Errors are non-2xx answers plus socket errors (a request that '
		. 'raised any session warning answers 500).', m('connections'), m('sessions'));
	$md[] = '';
	$ceil = mmm(per_rep('throughput', 'ceiling', '-', 'rps'));
	$head = '| handler |';
	$sep = '|---|';
	foreach ($payloads as $b) {
		$bl = bytes_label($b);
		$head .= " $bl req/s | x ceiling | $bl p99 ms | $bl errors |";
		$sep .= '---:|---:|---:|---:|';
	}
	$md[] = $head;
	$md[] = $sep;
	$row = '| ' . label('ceiling') . ' |';
	foreach ($payloads as $b) {
		$row .= ' ' . fmt($ceil) . ' | 1.00 | ' . fmt(mmm(per_rep('throughput', 'ceiling', '-', 'p99_ms')), 1) . ' | '
			. (int) (total('throughput', 'ceiling', '-', 'errors') ?? 0) . ' |';
	}
	$md[] = $row;
	$plot = ["# label rps512 min max rps16k min max"];
	$plot[] = sprintf('"%s" %.1f %.1f %.1f %.1f %.1f %.1f', label('ceiling'), $ceil[0] ?? 0, $ceil[1] ?? 0, $ceil[2] ?? 0,
		$ceil[0] ?? 0, $ceil[1] ?? 0, $ceil[2] ?? 0);
	foreach (array_merge($peers, $tesseraPools) as $pool) {
		$row = '| ' . label($pool) . ' |';
		if (redis_na($pool)) {
			foreach ($payloads as $b) {
				$row .= " $redisWhy | | | |";
			}
			$md[] = $row;
			continue;
		}
		$pl = '"' . label($pool) . '"';
		foreach ($payloads as $b) {
			$s = $rps($pool, $b);
			$row .= ' ' . fmt($s) . ' | ' . fmt(ratio('throughput', [$pool, $b], ['ceiling', '-'], 'rps'), 2) . ' | '
				. fmt(mmm(per_rep('throughput', $pool, $b, 'p99_ms')), 1) . ' | '
				. (int) (total('throughput', $pool, $b, 'errors') ?? 0) . ' |';
			$pl .= $s === null ? ' 0 0 0' : sprintf(' %.1f %.1f %.1f', $s[0], $s[1], $s[2]);
		}
		$md[] = $row;
		if (count($payloads) === 2) {
			$plot[] = $pl;
		}
	}
	$md[] = '';
	$md[] = 'Ratio of each Tessera row to each peer, computed within each repetition (the two rows of the same '
		. 'repetition), then the median' . (count_runs() > 1 ? ' (min–max)' : '') . ' over the repetitions; '
		. 'the *x ceiling* column above is computed the same way.';
	$md[] = '';
	foreach ($payloads as $b) {
		$head = '| ' . bytes_label($b) . ' |';
		$sep = '|---|';
		foreach ($peers as $p) {
			$head .= ' ' . label($p) . ' |';
			$sep .= '---:|';
		}
		$md[] = $head;
		$md[] = $sep;
		foreach ($tesseraPools as $pool) {
			$row = '| ' . label($pool) . ' |';
			foreach ($peers as $p) {
				$row .= ' ' . (redis_na($pool) ? 'n/a' : $x($tpRatio($pool, $b, $p))) . ' |';
			}
			$md[] = $row;
		}
		$md[] = '';
	}
	$md[] = '![throughput](' . $chart('throughput') . ')';
	@mkdir($plotDir, 0755, true);
	if (count($payloads) === 2) {
		file_put_contents("$plotDir/throughput.dat", implode("\n", $plot) . "\n");
	}
}
$md[] = '';

/* Contention */
$md[] = '## Contention';
$md[] = '';
if (!$ran('contention')) {
	$md[] = 'Not run.';
} else {
	$md[] = sprintf('One session, %s concurrent clients x %s requests (%skeep-alive, from one curl '
		. 'holding all the clients\' connections, so that they start together), each request incrementing '
		. '`$_SESSION[\'n\']` and holding the session the given time. *Overhead* is (wall time − requests x hold) / '
		. 'requests: the cost per request above the ideal serial time (negative when requests overlap, which only an '
		. 'unlocked handler allows); the wall time runs from the first request\'s start to the last one\'s '
		. 'session_write_close(), by the requests\' own clocks, so the client\'s startup is not in it. *Alone* is the '
		. 'same figure for one client making as many requests one after another on a session of its own: nothing '
		. 'overlaps and nobody waits, so the whole of each request is in it (the HTTP round trip too, which other '
		. 'clients\' requests fill under contention): what one request costs each handler on this machine, lock '
		. 'included where there is one. *Lost* = acknowledged '
		. 'increments − final count; *errors* = requests that did not answer "ok" (session_start failed, a warning, a '
		. 'refused write); both summed over the runs.',
		m('clients'), m('requests'), $hold0Factor === '' ? '' : "x $hold0Factor at hold 0 ms; ");
	$md[] = '';
	$md[] = '| handler | hold ms | overhead ms/request | alone ms/request | wall s | lost | errors | notices | final / acknowledged (last run) | first error or notice seen |';
	$md[] = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|';
	$plot = ['# label h0 min max h20 min max'];
	foreach (array_merge($peers, $tesseraPools) as $pool) {
		$pl = '"' . label($pool) . '"';
		$clean = false; /* at least one hold measured cleanly: the row goes into the chart */
		foreach ($holds as $h) {
			if (redis_na($pool)) {
				$md[] = '| ' . label($pool) . " | $h | $redisWhy | | | | | | | |";
				continue;
			}
			$o = mmm(per_rep('contention', $pool, "h$h", 'overhead_ms'));
			$alone = mmm(per_rep('contention', $pool, "h$h", 'alone_ms'));
			$wall = mmm(per_rep('contention', $pool, "h$h", 'wall_s'));
			$lost = (int) (total('contention', $pool, "h$h", 'lost') ?? 0);
			$errors = (int) (total('contention', $pool, "h$h", 'errors') ?? 0);
			$notices = (int) (total('contention', $pool, "h$h", 'notices') ?? 0);
			$reps = $raw['contention'][$pool]["h$h"] ?? [];
			$last = $reps === [] ? null : $reps[max(array_keys($reps))];
			$sample = '';
			foreach ($reps as $r) {
				foreach (['error_sample', 'notice_sample'] as $k) {
					if ($sample === '' && isset($r[$k][0]) && $r[$k][0] !== '') {
						$sample = str_replace('|', '/', $r[$k][0]);
					}
				}
			}
			/* Overhead is comparable only when every request was serialised and succeeded. */
			$mark = $o !== null && ($lost !== 0 || $errors !== 0) ? ' †' : '';
			$clean = $clean || ($o !== null && $mark === '');
			$md[] = sprintf('| %s | %s | %s%s | %s | %s | %s | %s | %s | %s | %s |', label($pool), $h, fmt($o, 2), $mark,
				fmt($alone, 2), fmt($wall, 2),
				$o === null ? '–' : $lost, $o === null ? '–' : $errors, $o === null ? '–' : $notices,
				$last === null ? '–' : ($last['final'][0] ?? '?') . ' / ' . ($last['acknowledged'][0] ?? '?'),
				$sample === '' ? '' : '`' . $sample . '`');
			$pl .= $o === null || $mark !== '' ? ' ? ? ?' : sprintf(' %.3f %.3f %.3f', $o[0], $o[1], $o[2]);
		}
		if (!redis_na($pool) && count($holds) === 2 && $clean) {
			$plot[] = $pl;
		}
	}
	$md[] = '';
	$md[] = '† not comparable: some requests failed or ran unserialised (lost updates), so the wall time does not '
		. 'measure a lock hand-off; these figures are left out of the chart.';
	$md[] = '';
	$md[] = '![contention overhead](' . $chart('contention') . ')';
	if (count($holds) === 2) {
		@mkdir($plotDir, 0755, true);
		file_put_contents("$plotDir/contention.dat", implode("\n", $plot) . "\n");
	}
}
$md[] = '';

/* Readers */
$md[] = '## Readers';
$md[] = '';
if (!$ran('readers')) {
	$md[] = 'Not run.';
} else {
	$md[] = sprintf('A writer opens a session (exclusively: each handler\'s default) and holds it %s ms; once it holds '
		. 'it, %s readers open the same session at once, each the handler\'s read-only way. Latency is the client\'s '
		. '(curl time_total); *session_start* is the time spent inside it, measured by the page; *waited* counts readers '
		. 'that ended after the writer released the session. p50/p99 are taken per run, then the median over the runs.',
		m('reader_hold_ms'), m('readers'));
	$md[] = '';
	$md[] = '| handler | read-only way | p50 ms | p99 ms | session_start p50 ms | waited | errors | notices | first error or notice seen |';
	$md[] = '|---|---|---:|---:|---:|---:|---:|---:|---|';
	$plot = ['# label p50 min max p99 min max'];
	$rows = [];
	foreach ($peers as $p) {
		$rows[] = [$p, 'read_and_close'];
	}
	foreach ($tesseraLocked as $p) {
		$rows[] = [$p, 'read_and_close'];
		$rows[] = [$p, 'read_only'];
	}
	foreach ($rows as [$pool, $way]) {
		$wayText = $way === 'read_only' ? 'tessera.lock_mode=read_only' : "read_and_close";
		if (redis_na($pool)) {
			$md[] = '| ' . label($pool) . " | $wayText | $redisWhy | | | | | | |";
			continue;
		}
		$p50 = $readerP($pool, $way, 50);
		$p99 = $readerP($pool, $way, 99);
		$open = mmm(per_rep('readers', $pool, $way, 'open_ms', static fn(array $v): float => percentile($v, 50)));
		$waited = total('readers', $pool, $way, 'waited');
		$n = 0;
		foreach ($raw['readers'][$pool][$way] ?? [] as $r) {
			$n += count($r['latency_ms'] ?? []);
		}
		$sample = '';
		foreach ($raw['readers'][$pool][$way] ?? [] as $r) {
			foreach (['error_sample', 'notice_sample'] as $k) {
				if ($sample === '' && isset($r[$k][0]) && $r[$k][0] !== '') {
					$sample = str_replace('|', '/', $r[$k][0]);
				}
			}
		}
		$md[] = sprintf('| %s | %s | %s | %s | %s | %s | %s | %s | %s |', label($pool), $wayText, fmt($p50, 2), fmt($p99, 2), fmt($open, 2),
			$waited === null ? '–' : sprintf('%d / %d', $waited, $n),
			(int) (total('readers', $pool, $way, 'errors') ?? 0), (int) (total('readers', $pool, $way, 'notices') ?? 0),
			$sample === '' ? '' : '`' . $sample . '`');
		if ($p50 !== null && $p99 !== null) {
			$short = label($pool) . ($way === 'read_only' ? ', read_only' : '');
			$plot[] = sprintf('"%s" %.3f %.3f %.3f %.3f %.3f %.3f', $short, $p50[0], $p50[1], $p50[2], $p99[0], $p99[1], $p99[2]);
		}
	}
	$md[] = '';
	$md[] = '![reader latency](' . $chart('readers') . ')';
	@mkdir($plotDir, 0755, true);
	file_put_contents("$plotDir/readers.dat", implode("\n", $plot) . "\n");
}
$md[] = '';

/* Wake-up */
$md[] = '## Wake-up';
$md[] = '';
if (!$ran('wakeup')) {
	$md[] = 'Not run.';
} else {
	$md[] = sprintf('A writer opens a new session and holds it %s ms; once it holds it, one waiter opens the same '
		. 'session the default (exclusive) way and blocks. The figure is the time from the writer calling '
		. 'session_write_close() (its write included) to the waiter\'s session_start() returning, %s times per handler '
		. 'and repetition: how soon a released lock reaches the one waiting for it. A handler that polls for the '
		. 'lock pays up to its retry interval here; one whose waiters are woken by the release does not (the files '
		. 'store with sync=full also flushes the write to disk, twice, before it releases). p50 and '
		. 'max are taken per repetition, then the median over the repetitions; *not held* counts waiters that '
		. 'opened the session before the writer released it.',
		m('wake_hold_ms'), m('wake_trials'));
	$md[] = '';
	$md[] = '| handler | how a waiter learns the lock is free | p50 ms | max ms | not held | errors | first error seen |';
	$md[] = '|---|---|---:|---:|---:|---:|---|';
	$how = [
		'files' => 'flock(), woken by the kernel',
		'redis_default' => 'polls every 2 ms, 10 tries, then reads without the lock',
		'redis_tuned' => 'polls every 2 ms, without limit',
		'memcached_default' => 'polls every 150 ms, 5 tries',
		'memcached_tuned' => 'polls every 2 ms, 15000 tries',
		'tessera_files' => 'flock(), woken by the kernel',
		'tessera_files_full' => 'flock(), woken by the kernel',
		'tessera_redis' => 'BLPOP on the wake list, woken by the release',
	];
	foreach (array_keys($how) as $pool) {
		if (redis_na($pool)) {
			$md[] = '| ' . label($pool) . " | | $redisWhy | | | | |";
			continue;
		}
		$p50 = mmm(per_rep('wakeup', $pool, 'w', 'wake_ms', static fn(array $v): float => percentile($v, 50)));
		$max = mmm(per_rep('wakeup', $pool, 'w', 'wake_ms', static fn(array $v): float => max($v)));
		$sample = '';
		foreach ($raw['wakeup'][$pool]['w'] ?? [] as $r) {
			if ($sample === '' && isset($r['error_sample'][0]) && $r['error_sample'][0] !== '') {
				$sample = str_replace('|', '/', $r['error_sample'][0]);
			}
		}
		$md[] = sprintf('| %s | %s | %s | %s | %d | %d | %s |', label($pool), $how[$pool], fmt($p50, 2), fmt($max, 2),
			(int) (total('wakeup', $pool, 'w', 'not_held') ?? 0), (int) (total('wakeup', $pool, 'w', 'errors') ?? 0),
			$sample === '' ? '' : '`' . $sample . '`');
	}
}
$md[] = '';

/* Merge */
$md[] = '## Merge';
$md[] = '';
if (!$ran('merge')) {
	$md[] = 'Not run.';
} else {
	$md[] = sprintf('%s requests at once on one session, each incrementing a counter and holding the session %s ms '
		. '(serial time %.2f s). `$_SESSION` rows: `counter.php` under the pool\'s own locking (one request at a time, '
		. 'or unlocked and losing increments). Object API rows: `Session::increment()` in Tessera\'s `OnWrite` mode '
		. '(reads never wait; the increment is replayed at commit on the record as then stored) and, for comparison, '
		. '`Exclusive`. All requests are in flight at once on connections of one client; *wall s* runs from the first '
		. 'request\'s start to the last one\'s commit, on the requests\' own clocks. *Lost* = acknowledged − final '
		. 'count, summed over the runs.',
		m('merge_clients'), m('merge_hold_ms'), $mergeSerial);
	$md[] = '';
	$md[] = '| handler | how | wall s | x serial | lost | errors | final / acknowledged (last run) | first error seen |';
	$md[] = '|---|---|---:|---:|---:|---:|---:|---|';
	$ways = ['dropin' => '`$_SESSION`', 'exclusive' => 'object API, Exclusive', 'on_write' => 'object API, OnWrite'];
	foreach (array_merge($peers, $tesseraPools) as $pool) {
		foreach ($ways as $way => $how) {
			if (!isset($raw['merge'][$pool][$way])) {
				if (redis_na($pool) && $way === 'dropin') {
					$md[] = '| ' . label($pool) . " | | $redisWhy | | | | | |";
				}
				continue;
			}
			$wall = mmm(per_rep('merge', $pool, $way, 'wall_s'));
			$reps = $raw['merge'][$pool][$way];
			$last = $reps[max(array_keys($reps))];
			$sample = '';
			foreach ($reps as $r) {
				if ($sample === '' && isset($r['error_sample'][0]) && $r['error_sample'][0] !== '') {
					$sample = str_replace('|', '/', $r['error_sample'][0]);
				}
			}
			$md[] = sprintf('| %s | %s | %s | %s | %d | %d | %s / %s | %s |', store_label($pool), $how, fmt($wall, 2),
				$wall === null || $mergeSerial <= 0 ? '–' : sprintf('%.2f', $wall[0] / $mergeSerial),
				(int) (total('merge', $pool, $way, 'lost') ?? 0), (int) (total('merge', $pool, $way, 'errors') ?? 0),
				$last['final'][0] ?? '?', $last['acknowledged'][0] ?? '?', $sample === '' ? '' : '`' . $sample . '`');
		}
	}
}
$md[] = '';

/* Scale */
$md[] = '## Scale';
$md[] = '';
if (!$ran('scale')) {
	$md[] = 'Not run.';
} else {
	$md[] = sprintf('%s sessions in each Tessera store (1%% already expired; 10000 users, so %s sessions each), '
		. 'created through the library by `bench/gen_sessions` (2 processes for the files store, with fsync skipped, 8 for Redis: '
		. 'see notes). Then, per run, `tessera gc` (deletes the expired ones; before each later run as many expired '
		. 'sessions are added back) and `tessera ls --user bench-user-42`, each under `/usr/bin/time -v`, page cache warm.',
		m('scale_n'), number_format(intdiv((int) m('scale_n', '0'), 10000), 0, '.', ''));
	$md[] = '';
	$md[] = '| store | created in s (sessions/s) | command | wall s | peak RSS MiB | result (last run) |';
	$md[] = '|---|---:|---|---:|---:|---|';
	foreach ($tesseraLocked as $pool) {
		if (!isset($raw['scale'][$pool])) {
			if (redis_na($pool)) {
				$md[] = '| ' . store_label($pool) . " | $redisWhy | | | | |";
			}
			continue;
		}
		$gen = per_rep('scale', $pool, 'generate', 'seconds');
		$rate = per_rep('scale', $pool, 'generate', 'rate');
		$made = $gen === [] ? '–' : sprintf('%.1f (%s)', $gen[1] ?? 0, number_format($rate[1] ?? 0, 0, '.', ''));
		foreach (['gc' => ['tessera gc', 'deleted'], 'ls_user' => ['tessera ls --user', 'listed']] as $v => [$name, $what]) {
			$wall = mmm(per_rep('scale', $pool, $v, 'wall_s'));
			$rss = mmm(array_map(static fn(float $k): float => $k / 1024.0, per_rep('scale', $pool, $v, 'maxrss_kb')));
			$res = per_rep('scale', $pool, $v, $what);
			$md[] = sprintf('| %s | %s | `%s` | %s | %s | %s |', store_label($pool), $made, $name, fmt($wall, 2),
				fmt($rss, 1), $res === [] ? '–' : sprintf('%s %d', $what, end($res)));
			$made = '';
		}
	}
	if (isset($raw['scale']['tessera_redis'])) {
		$md[] = '';
		$md[] = 'On Redis the records born expired are already gone when gc runs: Redis drops a key at its deadline '
			. '(`PEXPIREAT`) by itself, so `tessera gc` deletes nothing there and its time is the cost of scanning every '
			. 'key; `ls --user` reads the user\'s index set instead of scanning.';
	}
}
$md[] = '';

/* Footprint */
$md[] = '## Footprint';
$md[] = '';
if (!$ran('footprint')) {
	$md[] = 'Not run.';
} else {
	$md[] = 'Per-request heap: `memory_get_peak_usage()` from just before `session_start()` to just after '
		. '`session_write_close()` (after `memory_reset_peak_usage()`), median of 20 visits of a 512 B session. '
		. 'It counts the Zend heap only, not what a handler takes with malloc() (libtessera, hiredis, libmemcached): '
		. 'worker RSS and PSS (median over the pool\'s workers, after the same warm-up load on every pool) show that.';
	$md[] = '';
	$md[] = '| pool | per-request heap bytes | worker RSS MiB | worker PSS MiB | RSS vs PHP files |';
	$md[] = '|---|---:|---:|---:|---:|';
	$baseRss = null;
	$fp = $raw['footprint'] ?? [];
	if (isset($fp['files']['-'])) {
		$baseRss = median(array_map('floatval', array_merge(...array_map(static fn($r) => $r['rss_kb'] ?? [], $fp['files']['-']))));
	}
	foreach (['files', 'files_tessera_loaded', 'redis_default', 'memcached_default', 'tessera_files', 'tessera_redis'] as $pool) {
		if (redis_na($pool)) {
			$md[] = '| ' . label($pool) . " | $redisWhy | | | |";
			continue;
		}
		if (!isset($fp[$pool])) {
			continue;
		}
		$mem = array_merge(...array_map(static fn($r) => $r['mem_bytes'] ?? [], $fp[$pool]['512'] ?? []));
		$rss = array_merge(...array_map(static fn($r) => $r['rss_kb'] ?? [], $fp[$pool]['-'] ?? []));
		$pss = array_merge(...array_map(static fn($r) => $r['pss_kb'] ?? [], $fp[$pool]['-'] ?? []));
		$rssMed = $rss === [] ? null : median(array_map('floatval', $rss));
		$md[] = sprintf('| %s | %s | %s | %s | %s |', $pool === 'redis_default' ? 'phpredis' : ($pool === 'memcached_default' ? 'php-memcached' : label($pool)),
			$mem === [] ? '–' : number_format(median(array_map('floatval', $mem)), 0, '.', ''),
			$rssMed === null ? '–' : sprintf('%.1f', $rssMed / 1024),
			$pss === [] ? '–' : sprintf('%.1f', median(array_map('floatval', $pss)) / 1024),
			$rssMed === null || $baseRss === null ? '–' : sprintf('%+.1f MiB', ($rssMed - $baseRss) / 1024));
	}
}
$md[] = '';

/* Notes */
$md[] = '## Notes';
$md[] = '';
$md[] = '- Load generator, web server, PHP workers and stores share the same ' . m('nproc', '?') . ' CPUs: a '
	. 'handler that needs less CPU per request leaves more to the others, which is part of what is measured.';
$md[] = '- Throughput and contention run their rows with each Tessera row right beside the peers its throughput '
	. 'targets compare it with (PHP files; phpredis locked-tuned and unlocked), so that the machine\'s drift between '
	. 'rows enters their ratios as little as it can, and sync=full at an end; in that order on odd repetitions and in '
	. 'reverse on even ones, so no handler always runs first on a quiet machine or right after the rows that left '
	. 'the most disk writeback behind.';
$md[] = '- PHP\'s files handler does not fsync. Neither does Tessera\'s files store at its default (`sync=ends`) but for '
	. 'what ends a session ID (a destroy, a revocation, a regeneration\'s forward), which no scenario here does per request. '
	. 'The *sync=full* row flushes every written record and its directory, so a write survives a power loss: the '
	. 'price of that durability on this disk.';
$md[] = '- The scale generator replaces the files store\'s fsync() with a no-op (through the store\'s system call '
	. 'table, as its tests do) only to create the sessions quickly; `tessera gc` and `ls` run unmodified.';
foreach ($meta as $k => $v) {
	if (str_starts_with($k, 'php_log:')) {
		$md[] = '- PHP error log of ' . label(substr($k, 8)) . ': ' . str_replace('|', '/', $v[0]);
	}
}
$md[] = '';

file_put_contents("$stem.md", implode("\n", $md));
echo implode("\n", $targets), "\n";
