--TEST--
Tessera: Session: data: objects and nested arrays survive the store (serialize() format)
--EXTENSIONS--
session
tessera
--FILE--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
[$dir, $store] = oa_setup(__FILE__);
use Tessera\{Store, SessionManager, Session, LockMode, Profile};
$id = oa_make($store, ['when' => new DateTimeImmutable('2024-01-02 03:04:05 UTC'), 'list' => [1, [2, 3]]]);
$data = oa_read($store, $id);
var_dump($data['when']->format('Y-m-d H:i:s'), $data['list']);
?>
--CLEAN--
<?php
require __DIR__ . '/../07_object_api/object_api.inc';
tsr_cleanup(__FILE__);
?>
--EXPECT--
string(19) "2024-01-02 03:04:05"
array(2) {
  [0]=>
  int(1)
  [1]=>
  array(2) {
    [0]=>
    int(2)
    [1]=>
    int(3)
  }
}
