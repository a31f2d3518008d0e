<?php
/*
 * Object API scenarios c and d (tests/e2e/object_api.sh): opens the session
 * of the request's cookie in lock mode 'mode' (read_only when absent),
 * changes nothing, and prints oa_finish()'s lines. 'profile_cb' is "none"
 * (a profile change is left to the policy), "refuse" or "accept" (an
 * onProfileChange callback answering so).
 */
require __DIR__ . '/oa_common.php';

$m = oa_manager(e2e_param('profile_cb', '/^(none|refuse|accept)$/', 'none'));
$s = oa_start($m, oa_mode('read_only'));
oa_finish($m, $s, []);
