# description: the probed module is unloaded under our probes while it is being called: they go stale, re-arming fails cleanly, unload works
target
f=probe_target_add6
: "a kprobe and a kretprobe on the target, called from every CPU"
insmod $M/rust_kprobe.ko func=$f maxprint=1 || fail "insmod rust_kprobe"
insmod $M/rust_kretprobe.ko func=$f skip_kthreads=0 maxprint=1 || fail "insmod rust_kretprobe"
hit() { echo 100 >$T/loop; }
workers "$NCPUS" hit hit
sleep 1
: "the target goes away under the callers"
rmmod probe_target || fail "rmmod probe_target"
# The callers fail once its debugfs files are gone.
stop_workers hit may-fail
note "$((total * 100)) calls before the target went away"
: "both probes are stale: gone, at the address the target had"
probes=$(cat /sys/kernel/debug/kprobes/list)
echo "$probes" | sed 's/^/# /'
[ "$(echo "$probes" | grep -c ' \[GONE\]')" = 2 ] || fail "not 2 probes marked GONE"
cat /sys/kernel/debug/rust_kprobe/stats >/dev/null || fail "stats unreadable"
: "re-arming fails with EINVAL, disarming works, and the probes stay gone"
for m in rust_kprobe rust_kretprobe; do
	e=/sys/module/$m/parameters/enabled
	echo 0 >$e || fail "$m: disarming a stale probe failed"
	if (set +x; echo 1 >$e 2>/tmp/rearm.err); then
		fail "$m: re-arming a probe on unloaded code succeeded"
	fi
	err=$(sed 's/^sh: //' /tmp/rearm.err)
	case $err in
	*"Invalid argument"*) note "$m: re-arming refused: $err, enabled reads $(cat $e)" ;;
	*) fail "$m: re-arming failed with '$err', not EINVAL" ;;
	esac
	[ "$(cat $e)" = N ] || fail "$m: enabled reads $(cat $e) after the refused re-arm"
done
[ "$(cat /sys/kernel/debug/kprobes/list)" = "$probes" ] || fail "the probes changed: $(cat /sys/kernel/debug/kprobes/list)"
: "both unload cleanly"
expect_refcnt0 rust_kprobe
expect_refcnt0 rust_kretprobe
rmmod rust_kprobe rust_kretprobe || fail "rmmod after the target went away"
drain
hits=$(drained_hits)
[ "$hits" != - ] || fail "no clean unload summary"
note "rust_kprobe counted $hits hits"
[ "$hits" -le $((total * 100)) ] || fail "$hits hits for $((total * 100)) calls"
grep -qE '^rust_kretprobe: kretprobe at 0x[0-9a-f]+ unregistered$' /tmp/drained ||
	fail "rust_kretprobe: no unload summary"
expect_no_probes
: "a new target loads at another address and can be probed again"
target
insmod $M/rust_kprobe.ko func=$f maxprint=1 || fail "insmod after reloading the target"
call 1 >/dev/null
[ "$(stat_field /sys/kernel/debug/rust_kprobe/stats $f 3)" = 1 ] || fail "not 1 hit on the new target"
