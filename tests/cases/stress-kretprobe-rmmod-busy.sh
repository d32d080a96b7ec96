# description: rmmod rust_kretprobe while the other CPUs are inside the probed function: returns in flight end cleanly, repeatedly
target
f=probe_target_delay
: "unloads while every CPU is inside the probed function"
# Each call spins 200us inside the function: most of the time a return is pending.
spin() { echo 200 >$T/delay; }
workers "$NCPUS" spin spin
deadline "$STRESS_SECS"
i=0 busy=0
while [ $i -lt 200 ] && before_end; do
	insmod $M/rust_kretprobe.ko func=$f skip_kthreads=0 maxprint=1 || fail "insmod #$i"
	sleep 0.05
	expect_refcnt0 rust_kretprobe
	rmmod rust_kretprobe || fail "rmmod #$i"
	drain
	grep -qE "^rust_kretprobe: kretprobe at 0x[0-9a-f]+ unregistered$" /tmp/drained ||
		fail "unload $i: no summary"
	grep -q "^rust_kretprobe: $f returned 200 " /tmp/drained && busy=$((busy + 1))
	i=$((i + 1))
done
: "some unloads had returns coming in"
stop_workers spin
note "$i unloads, $busy of them after returns came in; $total calls meanwhile"
[ "$busy" -gt 0 ] || fail "no returns reported under load"
expect_no_probes
