# description: rmmod rust_fprobe while the other CPUs are inside the attached functions (spinning, and nested): entries and exits in flight end cleanly, repeatedly
awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms || skip "this kernel has no fprobes (CONFIG_FPROBE)"
target
: "unloads while every CPU is inside the attached functions"
# Each call spins 200us inside probe_target_delay, or recurses 20 deep in probe_target_nest.
spin() { echo 200 >$T/delay; }
nest() { echo 20 >$T/nest; }
workers "$NCPUS" spin spin
workers "$NCPUS" nest nest
load() { m=rust_fprobe && insmod $M/$m.ko 'funcs=probe_target_*' maxprint=2 || fail "insmod #$1"; }
unloaded() {
	grep -qE "^rust_fprobe: fprobe on probe_target_\* unregistered: [0-9]+ functions, 0 missed$" /tmp/drained ||
		fail "unload $1: no summary, or calls missed"
	grep -qE "^rust_fprobe: <probe_target_(delay|nest)> returned " /tmp/drained
}
deadline "$STRESS_SECS"
rmmod_busy 1 200 0.05
stop_workers spin
stop_workers nest
note "$cycles unloads, $busy of them after returns came in"
