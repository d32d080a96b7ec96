# description: rust_uprobe pid= counts and logs exactly the calls of that process (20), not those of another process calling the same function (50); as a uretprobe too
# requires: /etc/uprobe_target.env
. /etc/uprobe_target.env
: "the process we watch: a shell that becomes uprobe_target (same pid) once we are loaded"
sh -c "sleep 1; exec $UT add 20" >/tmp/out.1 &
p=$!
insmod $M/rust_uprobe.ko path=$UT offset=$UT_ADD pid=$p maxprint=0 || fail "insmod"
: "another process's 50 calls, then the watched one's 20"
$UT add 50 >/dev/null
wait $p
[ "$(cat /tmp/out.1)" = 20210 ] || fail "the watched process did not make its 20 calls"
stats=$(awk 'NR == 2 { print $3 }' /sys/kernel/debug/rust_uprobe/stats)
rmmod rust_uprobe
: "its 20 calls only"
[ "$stats" = 20 ] || fail "$stats hits counted, not the 20 of process $p"
expect_count 20 "^rust_uprobe: .* hit "
expect_count 20 "^rust_uprobe: uprobe_target\\[$p\\] hit $UT\\+$UT_ADD\$"
: "as a uretprobe: the other process's calls are not followed to their return"
sh -c "sleep 1; exec $UT add 20" >/tmp/out.1 &
p=$!
insmod $M/rust_uprobe.ko path=$UT offset=$UT_ADD pid=$p ret=1 maxprint=0 || fail "insmod"
$UT add 50 >/dev/null
wait $p
rmmod rust_uprobe
expect_count 20 "^rust_uprobe: .* returned "
expect_count 20 "^rust_uprobe: uprobe_target\\[$p\\] $UT\\+$UT_ADD \\(arg0=0x[0-9a-f]+\\) returned 10[0-2][0-9]\$"
expect_count 1 "^rust_uprobe: uprobe_target\\[$p\\] $UT\\+$UT_ADD \\(arg0=0x14\\) returned 1020\$"
expect_log "^rust_uprobe: uprobe at $UT\\+$UT_ADD unregistered, 20 hits\$"
