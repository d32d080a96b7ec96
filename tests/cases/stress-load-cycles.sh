# description: up to 1000 load/unload cycles of both modules while every CPU calls the probed function: each unloads clean, hits add up
target
f=probe_target_add6
: "load/unload cycles while every CPU calls the probed function"
hit() { echo 100 >$T/loop; }
workers "$NCPUS" hit hit
deadline "$STRESS_SECS"
i=0 hits=0
while [ $i -lt 1000 ] && before_end; do
	insmod $M/rust_kprobe.ko func=$f maxprint=1 || fail "insmod rust_kprobe #$i"
	insmod $M/rust_kretprobe.ko func=$f maxprint=1 skip_kthreads=0 || fail "insmod rust_kretprobe #$i"
	expect_refcnt0 rust_kprobe
	expect_refcnt0 rust_kretprobe
	rmmod rust_kprobe rust_kretprobe || fail "rmmod #$i"
	drain
	h=$(drained_hits)
	[ "$h" != - ] || fail "cycle $i: no clean unload summary: $(grep unregistered /tmp/drained)"
	grep -q "^rust_kretprobe: Missed probing 0 instances of $f$" /tmp/drained ||
		fail "cycle $i: rust_kretprobe missed calls: $(grep Missed /tmp/drained)"
	hits=$((hits + h))
	i=$((i + 1))
done
: "the hits add up"
stop_workers hit
calls=$((total * 100))
note "$i cycles in ${STRESS_SECS}s at most, $calls calls meanwhile on $NCPUS CPUs"
note "rust_kprobe counted $hits of them"
[ "$hits" -le "$calls" ] || fail "$hits hits counted for $calls calls"
[ "$hits" -gt 0 ] || fail "no hits counted under load"
expect_no_probes
