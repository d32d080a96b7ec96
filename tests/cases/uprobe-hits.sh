# description: rust_uprobe counts exactly the calls of a user program's function, each logged with its process and pid, as many as ftrace's uprobe event on the same offset records
# requires: /sys/kernel/tracing/uprobe_events /etc/uprobe_target.env
. /etc/uprobe_target.env
tr=/sys/kernel/tracing
trap 'touch /tmp/stop; echo 0 >$tr/events/uprobes/ut_add/enable; echo "-:uprobes/ut_add" >>$tr/uprobe_events' EXIT
: "ftrace's uprobe event and ours on ut_add (scripts/uprobe-offset: $UT_ADD)"
echo "p:uprobes/ut_add $UT:$UT_ADD" >$tr/uprobe_events
echo 1 >$tr/events/uprobes/ut_add/enable
insmod $M/rust_uprobe.ko path=$UT offset=$UT_ADD maxprint=0 || fail "insmod"
: "two runs calling ut_add 7 and 30 times"
$UT add 7 >/tmp/out.1 &
p1=$!
wait $p1
$UT add 30 >/tmp/out.2 &
p2=$!
wait $p2
[ "$(cat /tmp/out.1) $(cat /tmp/out.2)" = "7028 30465" ] || fail "the program's sums changed: $(cat /tmp/out.1) $(cat /tmp/out.2)"
stats=$(cat /sys/kernel/debug/rust_uprobe/stats)
rmmod rust_uprobe
echo 0 >$tr/events/uprobes/ut_add/enable
: "37 hits in our stats, our log and ftrace's profile"
note "stats: $(echo "$stats" | tr '\n' '|')"
[ "$stats" = "# path offset hits
$UT $UT_ADD 37" ] || fail "stats: expected '$UT $UT_ADD 37'"
expect_log "^rust_uprobe: Planted uprobe at $UT\\+$UT_ADD\$"
expect_count 7 "^rust_uprobe: uprobe_target\\[$p1\\] hit $UT\\+$UT_ADD\$"
expect_count 30 "^rust_uprobe: uprobe_target\\[$p2\\] hit $UT\\+$UT_ADD\$"
expect_count 37 "^rust_uprobe: .* hit "
expect_log "^rust_uprobe: uprobe at $UT\\+$UT_ADD unregistered, 37 hits\$"
theirs=$(awk '$2 == "ut_add" { print $3 }' $tr/uprobe_profile)
note "ftrace's uprobe_profile: $theirs hits"
[ "$theirs" = 37 ] || fail "ftrace's uprobe event on the same offset counted $theirs hits, not 37"
