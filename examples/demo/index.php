<?php
/*
 * The Tessera demo (`make demo`): one page on PHP's built-in server with
 * session.save_handler = tessera. It shows what Tessera knows of the session
 * (Tessera\session_info()), counts visits, signs a user in (a new session ID
 * on login) and out (the session is destroyed), and shows a flash message
 * once after each POST -> redirect -> GET. Every form carries a per-session
 * CSRF token; all output is escaped.
 */
declare(strict_types=1);

/* Escapes 'value' for HTML text and attribute values. */
function h(string $value): string
{
	return htmlspecialchars($value, ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML5, 'UTF-8');
}

/* Renders Unix time 'ts' as HTML: the date, then how far it is from now. */
function when(?int $ts): string
{
	if ($ts === null || $ts <= 0) {
		return '—';
	}
	$d = $ts - time();
	$abs = abs($d);
	$span = match (true) {
		$abs < 5 => '',
		$abs < 120 => $abs . ' s',
		$abs < 7200 => intdiv($abs, 60) . ' min',
		default => intdiv($abs, 3600) . ' h',
	};
	$rel = $span === '' ? 'just now' : ($d > 0 ? 'in ' . $span : $span . ' ago');
	return '<span class="date">' . h(date('Y-m-d H:i:s', $ts)) . '</span> <span class="rel">'
		. h($rel) . '</span>';
}

/* Sends a 303 to this page and ends the request (the R of POST/redirect/GET). */
function redirect_home(string $query = ''): never
{
	header('Location: /' . ($query === '' ? '' : '?' . $query), true, 303);
	exit;
}

/* Queues 'text' to be shown once on the next page view. */
function flash(string $kind, string $text): void
{
	$_SESSION['flash'] = ['kind' => $kind, 'text' => $text];
}

header('Content-Type: text/html; charset=utf-8');
header('X-Content-Type-Options: nosniff');
header("Content-Security-Policy: default-src 'self'; style-src 'self'; form-action 'self'");

$handler = ini_get('session.save_handler');
if (!session_start()) {
	http_response_code(503);
	echo '<!doctype html><title>Tessera demo</title><p>The session could not be started; see the server log.</p>';
	exit;
}
$_SESSION['csrf'] ??= bin2hex(random_bytes(16));

if ($_SERVER['REQUEST_METHOD'] === 'POST') {
	$action = is_string($_POST['action'] ?? null) ? $_POST['action'] : '';
	$token = is_string($_POST['csrf'] ?? null) ? $_POST['csrf'] : '';
	if (!hash_equals($_SESSION['csrf'], $token)) {
		flash('error', 'That form had expired; please try again.');
		redirect_home();
	}
	switch ($action) {
		case 'login':
			$user = is_string($_POST['user'] ?? null) ? trim($_POST['user']) : '';
			if (preg_match('/^[\p{L}\p{N} ._-]{1,32}$/u', $user) !== 1) {
				flash('error', 'A name is 1 to 32 letters, digits, spaces, dots, dashes or underscores.');
				redirect_home();
			}
			$_SESSION['user'] = $user;
			$_SESSION['signed_in_at'] = time();
			/*
			 * A new ID at the change of privilege. The old ID is not deleted at
			 * once: for tessera.regenerate_grace seconds (default 30) it forwards
			 * to the new session, so requests already in flight with it are not
			 * lost, and then it stops working.
			 */
			if (!session_regenerate_id(true)) {
				flash('error', 'Signed in, but the session ID could not be renewed.');
				redirect_home();
			}
			flash('ok', 'Welcome, ' . $user . '. Your session got a new ID when you signed in.');
			redirect_home();
		case 'logout':
			$_SESSION = [];
			session_destroy();
			$p = session_get_cookie_params();
			setcookie(session_name(), '', [
				'expires' => 1,
				'path' => $p['path'],
				'domain' => $p['domain'],
				'secure' => $p['secure'],
				'httponly' => true,
				'samesite' => 'Lax',
			]);
			redirect_home('signed_out=1');
		case 'reset':
			$_SESSION['visits'] = 0;
			flash('ok', 'The visit counter is back to zero.');
			redirect_home();
		default:
			flash('error', 'Unknown action.');
			redirect_home();
	}
}

$_SESSION['visits'] = (int) ($_SESSION['visits'] ?? 0) + 1;
$flash = $_SESSION['flash'] ?? null;
unset($_SESSION['flash']);
if (($_GET['signed_out'] ?? '') === '1') {
	$flash = ['kind' => 'ok', 'text' => 'You have signed out; your old session is gone.'];
}

$info = function_exists('Tessera\session_info') ? Tessera\session_info() : null;
$user = is_string($_SESSION['user'] ?? null) ? $_SESSION['user'] : null;
$visits = (int) $_SESSION['visits'];
$csrf = $_SESSION['csrf'];
session_write_close();
?>
<!doctype html>
<html lang="en">
<head>
	<meta charset="utf-8">
	<meta name="viewport" content="width=device-width, initial-scale=1">
	<title>Tessera demo</title>
	<link rel="stylesheet" href="/style.css">
</head>
<body>
<main>
	<header>
		<h1>Tessera <span>demo</span></h1>
		<p>PHP sessions stored and locked by the Tessera extension
			(<code>session.save_handler = <?= h((string) $handler) ?></code>).</p>
	</header>

<?php if (is_array($flash) && is_string($flash['text'] ?? null)): ?>
	<p class="flash <?= ($flash['kind'] ?? '') === 'error' ? 'error' : 'ok' ?>" role="status"><?= h($flash['text']) ?></p>
<?php endif; ?>

	<section class="cards">
		<article class="card">
			<h2>Your session</h2>
<?php if (is_array($info)): ?>
			<dl>
				<dt>ID</dt><dd><code><?= h((string) ($info['id_hint'] ?? '')) ?></code>
					<?php if (!empty($info['new'])): ?><span class="badge">new</span><?php endif; ?></dd>
				<dt>Created</dt><dd><?= when(isset($info['created']) ? (int) $info['created'] : null) ?></dd>
				<dt>Last active</dt><dd><?= when(isset($info['last_active']) ? (int) $info['last_active'] : null) ?></dd>
				<dt>Expires</dt><dd><?= when(isset($info['expires']) ? (int) $info['expires'] : null) ?></dd>
				<dt>Lock mode</dt><dd><code><?= h((string) ($info['lock_mode'] ?? '')) ?></code></dd>
				<dt>Store</dt><dd><code><?= h((string) ($info['store'] ?? '')) ?></code></dd>
			</dl>
<?php else: ?>
			<p class="muted">Tessera reports no active session
				(<?= function_exists('Tessera\session_info') ? 'session_info() returned null' : 'the extension is not loaded' ?>).</p>
<?php endif; ?>
			<p class="muted">The full ID lives only in your cookie; the store keeps a hash of it.</p>
		</article>

		<article class="card">
			<h2>Visits</h2>
			<p class="counter"><?= h((string) $visits) ?></p>
			<p class="muted">page views in this session</p>
			<form method="post" action="/">
				<input type="hidden" name="csrf" value="<?= h($csrf) ?>">
				<button type="submit" name="action" value="reset" class="secondary">Reset counter</button>
			</form>
		</article>

		<article class="card">
			<h2>Account</h2>
<?php if ($user !== null): ?>
			<p>Signed in as <strong><?= h($user) ?></strong>.</p>
			<form method="post" action="/">
				<input type="hidden" name="csrf" value="<?= h($csrf) ?>">
				<button type="submit" name="action" value="logout">Sign out</button>
			</form>
<?php else: ?>
			<form method="post" action="/" class="login">
				<input type="hidden" name="csrf" value="<?= h($csrf) ?>">
				<label for="user">Name</label>
				<input id="user" name="user" maxlength="32" required autocomplete="username" placeholder="alice">
				<button type="submit" name="action" value="login">Sign in</button>
			</form>
			<p class="muted">No password in this demo: signing in stores your name in the session.</p>
<?php endif; ?>
		</article>
	</section>
</main>
</body>
</html>
