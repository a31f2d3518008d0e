<?php
/*
 * Helpers shared by the object API's e2e pages (tests/e2e/object_api.sh):
 * a Tessera\SessionManager on the store named by the php-fpm pool's
 * environment (TSR_E2E_STORE: a DSN; TSR_E2E_GRACE: regenerate_grace in
 * seconds), with callbacks that record what they were told; commit that
 * sends the Set-Cookie value itself; and the session printed as
 * "s.<key>=value" lines. Only included, never requested.
 */
require_once __DIR__ . '/_e2e.php';

use Tessera\{Store, SessionManager, Session, LockMode, Profile};

/* What the manager's callbacks saw in this request; printed by oa_finish(). */
$OA_SEEN = ['invalid' => [], 'zombie' => 0, 'profile_change' => 0, 'known_ua' => []];

/* Ends the request with HTTP 500 and the exception's class and message. */
function oa_fail(Throwable $e): never
{
	e2e_fail(500, $e::class . ': ' . $e->getMessage());
}

/*
 * A manager on the pool's store. 'profile_cb' is "none" (the policy decides
 * a profile change: refused), "refuse" or "accept" (a callback answering so).
 */
function oa_manager(string $profile_cb = 'none'): SessionManager
{
	global $OA_SEEN;

	$dsn = getenv('TSR_E2E_STORE');
	$grace = getenv('TSR_E2E_GRACE');
	if (!is_string($dsn) || $dsn === '' || !is_string($grace) || preg_match('/^[0-9]{1,5}$/', $grace) !== 1) {
		e2e_fail(500, 'TSR_E2E_STORE and TSR_E2E_GRACE must be set in the pool');
	}
	try {
		$m = new SessionManager(Store::open($dsn), [
			'regenerate_grace' => (int) $grace,
			'fingerprint_ua' => 'strict',
			'lock_wait_timeout' => 20,
		]);
	} catch (Throwable $e) {
		oa_fail($e);
	}
	$m->onInvalidId(function (string $why) use (&$OA_SEEN): void {
		$OA_SEEN['invalid'][] = $why;
	});
	$m->onZombie(function (Session $s) use (&$OA_SEEN): void {
		$OA_SEEN['zombie']++;
	});
	if ($profile_cb !== 'none') {
		$accept = $profile_cb === 'accept';
		$m->onProfileChange(function (Session $s, Profile $new, array $known) use (&$OA_SEEN, $accept): bool {
			$OA_SEEN['profile_change']++;
			foreach ($known as $p) {
				$OA_SEEN['known_ua'][] = $p->userAgent;
			}
			return $accept;
		});
	}
	return $m;
}

/* The lock mode named by parameter 'mode' (on_write when absent). */
function oa_mode(string $default = 'on_write'): LockMode
{
	return LockMode::from(e2e_param('mode', '/^(exclusive|on_write|read_only|none)$/', $default));
}

/* Starts the session of the request's cookie with the request's profile. */
function oa_start(SessionManager $m, LockMode $mode): Session
{
	try {
		return $m->start($_COOKIE[$m->cookieName()] ?? null, Profile::fromServer($_SERVER), $mode);
	} catch (Throwable $e) {
		oa_fail($e);
	}
}

/* The session's scalar entries as "<prefix><key>" pairs. */
function oa_pairs(Session $s, string $prefix): array
{
	$out = [];
	foreach ($s->all() as $k => $v) {
		$out[$prefix . $k] = $v;
	}
	return $out;
}

/*
 * Commits 's', sends the Set-Cookie value commit() returned (if any), and
 * prints 'pairs', then the session's ID after commit, the cookie sent, what
 * the callbacks saw, when the commit started and ended, and the data as
 * committed (after an OnWrite merge: as stored) as "s.<key>" pairs.
 */
function oa_finish(SessionManager $m, Session $s, array $pairs): void
{
	global $OA_SEEN;

	$t_commit = microtime(true);
	try {
		$cookie = $m->commit($s);
	} catch (Throwable $e) {
		oa_fail($e);
	}
	$t_end = microtime(true);
	if ($cookie !== null) {
		header('Set-Cookie: ' . $cookie, false);
	}
	e2e_out($pairs + [
		'id' => $s->id(),
		'new' => $s->isNew(),
		'cookie' => $cookie ?? '',
		'invalid' => implode(',', $OA_SEEN['invalid']),
		'zombie' => $OA_SEEN['zombie'],
		'profile_change' => $OA_SEEN['profile_change'],
		'known_ua' => implode('|', $OA_SEEN['known_ua']),
		'pid' => getmypid(),
		't_start' => (float) $_SERVER['REQUEST_TIME_FLOAT'],
		't_commit' => $t_commit,
		't_end' => $t_end,
	] + oa_pairs($s, 's.'));
}

/*
 * Tells the harness "read <pid> <time>" through event 'ev' (when given),
 * then waits for event file 'release' (when given, at most 20 s). Returns
 * whether it was released (true without 'release').
 */
function oa_signal_and_wait(): bool
{
	$ev = e2e_param('ev', '/^[a-z0-9_]{1,64}$/');
	$release = e2e_param('release', '/^[a-z0-9_]{1,64}$/');
	if ($ev !== '') {
		e2e_signal($ev, sprintf('read %d %.6f', getmypid(), microtime(true)));
	}
	return $release === '' || e2e_wait_for($release, 20000);
}
