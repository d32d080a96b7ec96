# description: rmmod rust_kretprobe while the other CPUs are inside the probed function: returns in flight end cleanly, repeatedly
target
f=probe_target_delay
: "unloads while every CPU is inside the probed function"
# Each call spins 200us inside the function: most of the time a return is pending.
spin() { echo 200 >$T/delay; }
workers "$NCPUS" spin spin
load() { m=rust_kretprobe && insmod $M/$m.ko func=$f skip_kthreads=0 maxprint=1 || fail "insmod #$1"; }
unloaded() {
	grep -qE "^rust_kretprobe: kretprobe at 0x[0-9a-f]+ unregistered$" /tmp/drained ||
		fail "unload $1: no summary"
	grep -q "^rust_kretprobe: $f returned 200 " /tmp/drained
}
deadline "$STRESS_SECS"
rmmod_busy 1 200 0.05
stop_workers spin
note "$cycles unloads, $busy of them after returns came in; $total calls meanwhile"
expect_no_probes
