<?php
/*
 * Object API scenario c (tests/e2e/object_api.sh): a login. Opens the
 * session exclusively, sets 'user', moves the session to a new ID with
 * regenerate() (the old ID forwards for the grace, TSR_E2E_GRACE), and
 * commits. Prints the ID it started with, when regenerate() was called and
 * when it returned (the grace ends between the two plus the grace), then
 * oa_finish()'s lines (id: the new ID).
 */
require __DIR__ . '/oa_common.php';

use Tessera\LockMode;

$user = e2e_param('user', '/^[a-z0-9_]{1,32}$/');
if ($user === '') {
	e2e_fail(400, 'user is required');
}
$m = oa_manager();
$s = oa_start($m, LockMode::Exclusive);
$old_id = $s->id();
try {
	$s->set('user', $user);
	$t_regen_start = microtime(true);
	$new_id = $s->regenerate();
} catch (Throwable $e) {
	oa_fail($e);
}
$t_regen = microtime(true);
oa_finish($m, $s, [
	'old_id' => $old_id,
	'new_id' => $new_id,
	't_regen_start' => $t_regen_start,
	't_regen' => $t_regen,
]);
