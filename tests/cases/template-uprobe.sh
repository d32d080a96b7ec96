# description: the uprobe template module (scripts/new-probe --kind uprobe's starting point) loads and logs calls of a program's function with arguments and return value
# requires: /etc/uprobe_target.env
. /etc/uprobe_target.env
: "two calls of ut_add"
insmod $M/rust_template_uprobe.ko path=$UT offset=$UT_ADD || fail "insmod"
$UT add 2 >/dev/null &
p=$!
wait $p
rmmod rust_template_uprobe
: "both logged with their arguments and results, counted at unload"
expect_log "^rust_template_uprobe: uprobe_target\\[$p\\] called $UT\\+$UT_ADD\\(0x1, 0x3e8\\) = 1001\$"
expect_log "^rust_template_uprobe: uprobe_target\\[$p\\] called $UT\\+$UT_ADD\\(0x2, 0x3e8\\) = 1002\$"
expect_log "^rust_template_uprobe: $UT\\+$UT_ADD: 2 calls\$"
