# description: the kernel's own kretprobe sample, kprobe, kretprobe and fprobe events and the function tracer planted and removed in parallel loops on one function (no module of ours) while a CPU calls it: the kernel must not crash
# requires: /samples/kretprobe_example.ko /sys/kernel/tracing/kprobe_events /sys/kernel/tracing/dynamic_events
# The reference for stress-parallel-loads: the same kind of load with the kernel's own code
# only. (kprobe_example is left out: its post handler meets the kernel's ftrace-ops bug, see
# kprobe-post-joins-armed.)
target
f=probe_target_add6
K=/sys/kernel/tracing
cycle_sample() { insmod /samples/kretprobe_example.ko func=$f && rmmod kretprobe_example; }
# cycle_event GROUP/NAME DEFINITION: a dynamic event of its own created, enabled, disabled
# and deleted.
cycle_event() {
	echo "$2" >>$K/dynamic_events &&
		echo 1 >$K/events/$1/enable &&
		echo 0 >$K/events/$1/enable &&
		echo "-:$1" >>$K/dynamic_events
}
cycle_kprobe() { cycle_event kprobes/ev1 "p:kprobes/ev1 $f"; }
cycle_kretprobe() { cycle_event kprobes/ev2 "r:kprobes/ev2 $f"; }
cycle_fprobe() { cycle_event fprobes/ev3 "f:fprobes/ev3 $f"; }
cycle_fexit() { cycle_event fprobes/ev4 "f:fprobes/ev4 $f%return"; }
cycle_ftrace() { echo $f >>$K/set_ftrace_filter && echo "!$f" >>$K/set_ftrace_filter; }
hit() { echo 10 >$T/loop; }
: "the function tracer on, tracing an unrelated function between the cycles"
echo 0 >$K/tracing_on
echo probe_target_nest >$K/set_ftrace_filter
echo function >$K/current_tracer
loops="sample kprobe kretprobe fprobe fexit ftrace"
for w in $loops; do
	workers 1 $w cycle_$w
done
workers 1 hit hit
deadline "$STRESS_SECS"
while before_end; do
	sleep 1
	dmesg -c >/dev/null
done
stop_workers hit
calls=$((total * 10))
for w in $loops; do
	stop_workers $w
	note "$w: $total cycles"
	[ "$total" -gt 0 ] || fail "no $w cycle completed"
done
note "$calls calls"
echo nop >$K/current_tracer
echo >$K/set_ftrace_filter
echo 1 >$K/tracing_on
[ ! -e /sys/module/kretprobe_example ] || fail "kretprobe_example stopped loaded"
if grep -q . $K/dynamic_events; then
	fail "dynamic events left: $(cat $K/dynamic_events)"
fi
expect_no_probes
