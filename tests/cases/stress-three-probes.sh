# description: our kprobe, our kretprobe and kprobe_events probes on one function, called from every CPU at once: all count every call
# requires: /sys/kernel/tracing/kprobe_events
target
tr=/sys/kernel/tracing
f=probe_target_add6
: "three kinds of probe on one function"
# Only the counters matter: nothing is written to the trace buffer.
echo 0 >$tr/tracing_on
echo "p:rkstress/entry $f" >>$tr/kprobe_events || fail "kprobe_events refused p:$f"
echo "r:rkstress/return $f" >>$tr/kprobe_events || fail "kprobe_events refused r:$f"
insmod $M/rust_kprobe.ko func=$f post=1 maxprint=1 || fail "insmod rust_kprobe"
insmod $M/rust_kretprobe.ko func=$f skip_kthreads=0 maxprint=1 || fail "insmod rust_kretprobe"
echo 1 >$tr/events/rkstress/enable
: "calls from every CPU"
# Each worker calls the function 1000 times per write, in the kernel.
hit() { echo 1000 >$T/loop; }
deadline "$STRESS_SECS"
workers "$NCPUS" hit hit
while before_end; do sleep 1; done
stop_workers hit
calls=$((total * 1000))
note "$calls calls on $NCPUS CPUs in ${STRESS_SECS}s"
[ $calls -gt 0 ] || fail "no calls made"
: "all counted every call, and missed none"
echo 0 >$tr/events/rkstress/enable
kp=$(stat_field /sys/kernel/debug/rust_kprobe/stats $f 3)
kpm=$(stat_field /sys/kernel/debug/rust_kprobe/stats $f 4)
krp=$(stat_field /sys/kernel/debug/rust_kretprobe/stats $f 3)
krpm=$(awk -v s=$f '$1 == s { print $4 + $5 }' /sys/kernel/debug/rust_kretprobe/stats)
ev=$(profile entry)
evr=$(profile return)
note "rust_kprobe $kp hits ($kpm missed), rust_kretprobe $krp ($krpm missed)"
note "kprobe_events: entry $ev, return $evr (hits misses)"
expect_refcnt0 rust_kprobe
expect_refcnt0 rust_kretprobe
rmmod rust_kprobe rust_kretprobe
echo >$tr/kprobe_events
echo 1 >$tr/tracing_on
[ "$kp $kpm" = "$calls 0" ] || fail "rust_kprobe counted $kp hits, $kpm missed for $calls calls"
[ "$krp $krpm" = "$calls 0" ] || fail "rust_kretprobe counted $krp returns, $krpm missed for $calls calls"
[ "$ev" = "$calls 0" ] || fail "the kprobe event counted '$ev' for $calls calls"
[ "$evr" = "$calls 0" ] || fail "the return event counted '$evr' for $calls calls"
expect_log "rust_kprobe: kprobe at 0x[0-9a-f]+ unregistered, $calls hits, 0 missed$"
expect_log "rust_kretprobe: Missed probing 0 instances of $f$"
