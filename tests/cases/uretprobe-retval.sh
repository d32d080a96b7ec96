# description: rust_uprobe ret=1 logs the exact return values of a user function (ut_ret(v) returns 2v+1), negative ones signed, with the argument its entry saw (per-call data), and nothing at its entry
# requires: /etc/uprobe_target.env
. /etc/uprobe_target.env
insmod $M/rust_uprobe.ko path=$UT offset=$UT_RET ret=1 || fail "insmod"
: "two calls with known results"
$UT ret 20 >/tmp/out.1 &
p1=$!
wait $p1
$UT ret -50 >/tmp/out.2 &
p2=$!
wait $p2
[ "$(cat /tmp/out.1) $(cat /tmp/out.2)" = "41 -99" ] || fail "the program's results changed"
rmmod rust_uprobe
: "each return logged with its value"
expect_log "^rust_uprobe: Planted uretprobe at $UT\\+$UT_RET\$"
expect_count 1 "^rust_uprobe: uprobe_target\\[$p1\\] $UT\\+$UT_RET \\(arg0=0x14\\) returned 41\$"
expect_count 1 "^rust_uprobe: uprobe_target\\[$p2\\] $UT\\+$UT_RET \\(arg0=0xffffffffffffffce\\) returned -99\$"
expect_count 0 "^rust_uprobe: .* hit "
expect_log "^rust_uprobe: uprobe at $UT\\+$UT_RET unregistered, 2 hits\$"
