# description: rmmod rust_kprobe while the other CPUs run its handler without pause: unregister waits for them, repeatedly
target
f=probe_target_add6
: "unloads while every CPU runs the handler"
# Every hit formats and logs its six arguments: the CPUs calling are mostly inside the handler.
hit() { echo 200 >$T/loop; }
workers "$NCPUS" hit hit
load() { m=rust_kprobe && insmod $M/$m.ko func=$f args=6 maxprint=0 || fail "insmod #$1"; }
hits=0
unloaded() {
	h=$(drained_hits)
	[ "$h" != - ] || fail "unload $1: no clean summary: $(grep unregistered /tmp/drained)"
	hits=$((hits + h))
	[ "$h" -gt 0 ]
}
deadline "$STRESS_SECS"
rmmod_busy 1 200 0.05
stop_workers hit
note "$cycles unloads, $busy of them while hits were coming in; $hits hits of $((total * 200)) calls"
expect_no_probes
