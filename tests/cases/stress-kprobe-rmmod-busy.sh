# description: rmmod rust_kprobe while the other CPUs run its handler without pause: unregister waits for them, repeatedly
target
f=probe_target_add6
: "unloads while every CPU runs the handler"
# Every hit formats and logs its six arguments: the CPUs calling are mostly inside the handler.
hit() { echo 200 >$T/loop; }
workers "$NCPUS" hit hit
deadline "$STRESS_SECS"
i=0 busy=0 hits=0
while [ $i -lt 200 ] && before_end; do
	insmod $M/rust_kprobe.ko func=$f args=6 maxprint=0 || fail "insmod #$i"
	sleep 0.05
	expect_refcnt0 rust_kprobe
	rmmod rust_kprobe || fail "rmmod #$i"
	drain
	h=$(drained_hits)
	[ "$h" != - ] || fail "unload $i: no clean summary: $(grep unregistered /tmp/drained)"
	[ "$h" -gt 0 ] && busy=$((busy + 1))
	hits=$((hits + h))
	i=$((i + 1))
done
: "some unloads had handlers running"
stop_workers hit
note "$i unloads, $busy of them while hits were coming in; $hits hits of $((total * 200)) calls"
[ "$busy" -gt 0 ] || fail "no unload saw hits"
expect_no_probes
