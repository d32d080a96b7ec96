# description: rust_uprobe probes a program inside an overlayfs mount (where containers keep theirs), through the overlay's path: it counts exactly its calls, as ftrace's uprobe event on the same path does
# requires: /sys/kernel/tracing/uprobe_events /etc/uprobe_target.env
. /etc/uprobe_target.env
grep -qw overlay /proc/filesystems || skip "no overlayfs in this kernel (CONFIG_OVERLAY_FS)"
tr=/sys/kernel/tracing
o=/tmp/ovl
# Clean-up that may find nothing to undo (set -e applies in the trap too).
cleanup() {
	touch /tmp/stop
	echo 0 >$tr/events/uprobes/ovl_add/enable 2>/dev/null || true
	echo "-:uprobes/ovl_add" >>$tr/uprobe_events 2>/dev/null || true
	rmmod rust_uprobe 2>/dev/null || true
	umount $o/merged 2>/dev/null || true
	umount $o 2>/dev/null || true
}
trap cleanup EXIT
: "an overlay of tmpfs directories, the program in its lower layer"
mkdir -p $o
mount -t tmpfs ovl $o
mkdir $o/lower $o/upper $o/work $o/merged
cp $UT $o/lower/uprobe_target
mount -t overlay overlay -o lowerdir=$o/lower,upperdir=$o/upper,workdir=$o/work $o/merged ||
	fail "cannot mount the overlay"
prog=$o/merged/uprobe_target
: "ftrace's uprobe event and ours on ut_add, through the overlay's path"
echo "p:uprobes/ovl_add $prog:$UT_ADD" >$tr/uprobe_events
echo 1 >$tr/events/uprobes/ovl_add/enable
insmod $M/rust_uprobe.ko path=$prog offset=$UT_ADD maxprint=0 || fail "insmod"
: "the program, run from the overlay, calls ut_add 9 times"
$prog add 9 >/tmp/out &
p=$!
wait $p
[ "$(cat /tmp/out)" = 9045 ] || fail "the program's sum changed: $(cat /tmp/out)"
rmmod rust_uprobe
echo 0 >$tr/events/uprobes/ovl_add/enable
theirs=$(awk '$2 == "ovl_add" { print $3 }' $tr/uprobe_profile)
note "ftrace's uprobe_profile: $theirs hits"
: "9 hits in our log and in ftrace's profile"
expect_log "^rust_uprobe: Planted uprobe at $prog\\+$UT_ADD\$"
expect_count 9 "^rust_uprobe: uprobe_target\\[$p\\] hit $prog\\+$UT_ADD\$"
expect_log "^rust_uprobe: uprobe at $prog\\+$UT_ADD unregistered, 9 hits\$"
[ "$theirs" = 9 ] || fail "ftrace's uprobe event on the same path counted $theirs hits, not 9"
