<?php
use Tessera\{Store, SessionManager, Session, LockMode, Profile};

$store   = Store::open(getenv('TESSERA_STORE') ?: '/var/lib/php/tessera');
$manager = new SessionManager($store, ['cookie_name' => 'sid', 'cookie_host_prefix' => true]);

// Unknown, expired, revoked or forged IDs: count them (rate limiting, alerts).
$manager->onInvalidId(function (string $reason) {
    error_log("tessera: invalid session id ($reason) from {$_SERVER['REMOTE_ADDR']}");
});
// A new device for a session: ask the application. Here: accept a new IP, never a new browser.
$manager->onProfileChange(function (Session $s, Profile $new, array $known): bool {
    foreach ($known as $p) {
        if ($p->userAgent === $new->userAgent) {
            return true;                                   // same browser, new network
        }
    }
    return false;                                          // destroyed; a new session is issued
});

// Pages that only read can say so: they never wait for another request of the same user.
$path    = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$post    = $_SERVER['REQUEST_METHOD'] === 'POST';
$mode    = $post ? LockMode::Exclusive : LockMode::OnWrite;
$session = $manager->start($_COOKIE[$manager->cookieName()] ?? null, Profile::fromServer($_SERVER), $mode);
$redirect = false;                                         // after a change: Post/Redirect/Get

try {
    if ($post && !$session->verifyCsrfToken($_POST['csrf'] ?? '')) {
        http_response_code(403);
        $session->now('error', 'Your form expired, please try again.');
    } elseif ($path === '/login' && $post) {
        $user = check_password($_POST['name'] ?? '', $_POST['password'] ?? '');
        if ($user !== null) {
            $session->regenerate();                        // new ID at login: no fixation
            $session->bindUser((string) $user->id);        // listed by Store::sessionsOf()
            $session->set('user.name', $user->name);
            $session->flash('status', "Welcome back, {$user->name}!");
        } else {
            $session->increment('login.failures');
            $session->flash('error', 'Wrong name or password.');
        }
        $redirect = true;
    } elseif ($path === '/logout' && $post) {
        $session->destroy();                               // commit() returns an expiring cookie
        $redirect = true;                                  // nothing may use the session after this
    } elseif ($path === '/devices/revoke' && $post && $session->userId() !== null) {
        $handle = $_POST['handle'] ?? '';
        if ($handle === 'others') {
            $n = $store->revokeUser($session->userId(), $session->id());
            $session->flash('status', "Logged out $n other device(s).");
        } elseif (in_array($handle, array_column($store->sessionsOf($session->userId()), 'handle'), true)) {
            $store->revoke($handle);                       // only this user's devices
            $session->flash('status', 'Device logged out.');
        }
        $redirect = true;
    }

    if (!$redirect) {
        $csrf = htmlspecialchars($session->csrfToken());   // a fresh mask each time (BREACH-safe)
        ob_start();
        if ($status = $session->getFlash('status')) {      // flash: shown once, then gone
            echo '<p class="status">', htmlspecialchars($status), '</p>';
        }
        if ($error = $session->getFlash('error')) {
            echo '<p class="error">', htmlspecialchars($error), '</p>';
        }
        if ($session->userId() === null) {
            echo "<form method=post action=/login><input type=hidden name=csrf value=\"$csrf\">",
                 '<input name=name> <input name=password type=password> <button>Log in</button></form>';
        } else {
            echo '<p>Hello ', htmlspecialchars($session->get('user.name')), '</p><h2>Your devices</h2><ul>';
            foreach ($store->sessionsOf($session->userId()) as $d) {
                echo '<li>', htmlspecialchars("{$d['user_agent']} from {$d['ip']}"),
                     ', last seen ', date('Y-m-d H:i', $d['last_active']);
                if ($d['handle'] === hash('sha256', $session->id())) {
                    echo ' (this device)</li>';            // logged out with /logout instead
                    continue;
                }
                echo " <form method=post action=/devices/revoke><input type=hidden name=csrf value=\"$csrf\">",
                     '<input type=hidden name=handle value="', $d['handle'], '"><button>Log out</button></form></li>';
            }
            echo "</ul><form method=post action=/devices/revoke><input type=hidden name=csrf value=\"$csrf\">",
                 '<input type=hidden name=handle value=others><button>Log out all other devices</button></form>',
                 "<form method=post action=/logout><input type=hidden name=csrf value=\"$csrf\"><button>Log out</button></form>";
        }
        $body = ob_get_clean();
    }
} finally {
    // Always commit (it also releases the lock), even when the page failed.
    $cookie = $manager->commit($session);
}
if ($cookie !== null) {
    header('Set-Cookie: ' . $cookie, false);
}
if ($redirect) {
    header('Location: /', true, 303);                      // the next page shows the flash
} else {
    echo $body;
}

// Your code. Here: one user, alice, whose password is "correct horse".
function check_password(string $name, string $password): ?object
{
    $users = ['alice' => ['id' => 1, 'name' => 'Alice',
                          'hash' => '$2y$10$MzeoJfszJztMlLrx6t0ZJ.Sfp1LyMWudi00186COnEP4v2qDujViS']];
    $user = $users[$name] ?? null;
    return $user !== null && password_verify($password, $user['hash']) ? (object) $user : null;
}
