# description: the probed module is unloaded under our probes while it is being called: they go stale, re-arming fails cleanly, unload works
target
f=probe_target_add6
insmod $M/rust_kprobe.ko func=$f maxprint=1 || fail "insmod rust_kprobe"
insmod $M/rust_kretprobe.ko func=$f skip_kthreads=0 maxprint=1 || fail "insmod rust_kretprobe"
hit() { echo 100 >$T/loop; }
workers "$NCPUS" hit hit
sleep 1
rmmod probe_target || fail "rmmod probe_target"
stop_workers hit
note "$((total * 100)) calls before the target went away"
grep -E 'probe_target_add6' /sys/kernel/debug/kprobes/list | sed 's/^/# /'
cat /sys/kernel/debug/rust_kprobe/stats >/dev/null || fail "stats unreadable"
echo 0 >/sys/module/rust_kprobe/parameters/enabled 2>/dev/null
echo 1 >/sys/module/rust_kprobe/parameters/enabled 2>/dev/null && fail "re-arming a probe on unloaded code succeeded"
echo 1 >/sys/module/rust_kretprobe/parameters/enabled 2>/dev/null
expect_refcnt0 rust_kprobe
expect_refcnt0 rust_kretprobe
rmmod rust_kprobe rust_kretprobe || fail "rmmod after the target went away"
drain
hits=$(drained_hits)
[ "$hits" != - ] || fail "no clean unload summary"
note "rust_kprobe counted $hits hits"
[ "$hits" -le $((total * 100)) ] || fail "$hits hits for $((total * 100)) calls"
# A new target loads at another address and can be probed again.
target
insmod $M/rust_kprobe.ko func=$f maxprint=1 || fail "insmod after reloading the target"
call 1 >/dev/null
[ "$(stat_field /sys/kernel/debug/rust_kprobe/stats $f 3)" = 1 ] || fail "not 1 hit on the new target"
