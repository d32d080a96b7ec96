# description: enabled=0/1 written in a loop while every CPU hits the probe and another reads its stats, then rmmod mid-write
target
f=probe_target_add6
: "hit, toggle and read the stats at once"
insmod $M/rust_kprobe.ko func=$f maxprint=1 || fail "insmod"
e=/sys/module/rust_kprobe/parameters/enabled
hit() { echo 100 >$T/loop; }
toggle() { echo 0 >$e && echo 1 >$e; }
readstats() { read -r _ </sys/kernel/debug/rust_kprobe/stats; }
workers "$NCPUS" hit hit
workers 1 toggle toggle
workers 1 read readstats
deadline "$STRESS_SECS"
while before_end; do sleep 1; done
stop_workers hit
calls=$((total * 100))
stop_workers read
reads=$total
: "rmmod while enabled is being written"
expect_refcnt0 rust_kprobe
rmmod rust_kprobe || fail "rmmod while enabled is being written"
# The toggler ran on until after the unload: its writes fail once the parameter is gone
# (the file missing, or removed under an open one), not before.
stop_workers toggle may-fail
toggles=$total
if echo "$errors" | grep -v -e "can't create" -e 'No such device' | grep -q .; then
	fail "a write to enabled failed while the module was loaded: $errors"
fi
: "the unload summary counts no more hits than calls"
drain
hits=$(drained_hits)
[ "$hits" != - ] || fail "no clean unload summary"
note "$toggles toggles, $reads stats reads; $hits hits counted of $calls calls"
[ "$toggles" -gt 0 ] || fail "no toggles"
[ "$hits" -le "$calls" ] || fail "$hits hits for $calls calls"
: "armed again and quiet: exact counts"
# Armed again and quiet: exact counts.
insmod $M/rust_kprobe.ko func=$f maxprint=1 || fail "insmod again"
echo 0 >$e && echo 1 >$e
echo 7 >$T/loop
[ "$(stat_field /sys/kernel/debug/rust_kprobe/stats $f 3)" = 7 ] || fail "not 7 hits after re-arming"
