--TEST--
Tessera: README: the "complete small example" is examples/object_api/index.php, byte for byte
--FILE--
<?php
/*
 * tests/e2e/object_api.sh (scenario e) runs examples/object_api/index.php;
 * this keeps the README's copy of it from drifting away from what runs.
 */
$root = dirname(__DIR__, 3);
$readme = file_get_contents("$root/README.md");
$file = file_get_contents("$root/examples/object_api/index.php");
$found = preg_match('/^### A complete small example\n.*?^```php\n(.*?)^```$/ms', $readme, $m);
var_dump($found);
var_dump(strlen($file) > 1000);
if ($found === 1 && $m[1] !== $file) {
    $a = explode("\n", $m[1]);
    $b = explode("\n", $file);
    for ($i = 0; $i < max(count($a), count($b)); $i++) {
        if (($a[$i] ?? null) !== ($b[$i] ?? null)) {
            echo "line ", $i + 1, " differs:\nREADME: ", $a[$i] ?? '(none)', "\nfile:   ", $b[$i] ?? '(none)', "\n";
            break;
        }
    }
}
var_dump($found === 1 && $m[1] === $file);
?>
--EXPECT--
int(1)
bool(true)
bool(true)
