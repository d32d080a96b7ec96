# description: every module of ours loaded and unloaded in parallel loops, one per CPU: all loads succeed, nothing is left behind
# requires: /sys/kernel/tracing/kprobe_events
target
f=probe_target_add6
cycle_kprobe() { insmod $M/rust_kprobe.ko func=$f maxprint=1 && rmmod rust_kprobe; }
cycle_kretprobe() { insmod $M/rust_kretprobe.ko func=$f maxprint=1 skip_kthreads=0 && rmmod rust_kretprobe; }
cycle_latency() { insmod $M/rust_funclatency.ko func=$f && rmmod rust_funclatency; }
cycle_template() { insmod $M/rust_template.ko func=$f && rmmod rust_template; }
hit() { echo 10 >$T/loop; }
workers 1 kprobe cycle_kprobe
workers 1 kretprobe cycle_kretprobe
workers 1 latency cycle_latency
workers 1 template cycle_template
workers 1 hit hit
deadline "$STRESS_SECS"
while before_end; do sleep 1; done
for w in kprobe kretprobe latency template hit; do touch /tmp/stop.$w; done
stop_workers hit
for w in kprobe kretprobe latency template; do
	stop_workers $w
	note "$w: $total cycles"
	[ "$total" -gt 0 ] || fail "no $w cycle completed"
	lsmod | grep -q "^rust_$w " && fail "rust_$w stopped loaded: a load or unload failed"
done
expect_count 0 'failed, returned'
grep -q . /sys/kernel/tracing/kprobe_events && fail "kprobe events left: $(cat /sys/kernel/tracing/kprobe_events)"
expect_no_probes
