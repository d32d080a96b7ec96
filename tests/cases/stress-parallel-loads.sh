# description: every module of ours loaded and unloaded in parallel loops, one per CPU: all loads succeed, nothing is left behind
# requires: /sys/kernel/tracing/kprobe_events
target
f=probe_target_add6
# Worker names are the modules' names without rust_. A cycle fails if its insmod or rmmod
# does; a worker stops at its first failing cycle and stop_workers then fails the case.
cycle_kprobe() { insmod $M/rust_kprobe.ko func=$f maxprint=1 && rmmod rust_kprobe; }
cycle_kretprobe() { insmod $M/rust_kretprobe.ko func=$f maxprint=1 skip_kthreads=0 && rmmod rust_kretprobe; }
cycle_funclatency() { insmod $M/rust_funclatency.ko func=$f && rmmod rust_funclatency; }
cycle_template() { insmod $M/rust_template.ko func=$f && rmmod rust_template; }
hit() { echo 10 >$T/loop; }
modules="kprobe kretprobe funclatency template"
: "load and unload each module in a loop of its own, while a CPU calls the probed function"
for w in $modules; do
	workers 1 $w cycle_$w
done
workers 1 hit hit
deadline "$STRESS_SECS"
# The log is moved to a file as it comes: long runs log more than the kernel's buffer holds.
: >/tmp/loads.log
while before_end; do
	sleep 1
	dmesg -c >>/tmp/loads.log
done
for w in $modules hit; do touch /tmp/stop.$w; done
stop_workers hit
: "every cycle of every worker loaded and unloaded its module"
for w in $modules; do
	stop_workers $w
	note "$w: $total cycles"
	[ "$total" -gt 0 ] || fail "no $w cycle completed"
	[ ! -e /sys/module/rust_$w ] || fail "rust_$w stopped loaded"
	eval "cycles_$w=$total"
done
dmesg -c >>/tmp/loads.log
: "each unload logged its summary (rust_funclatency logs nothing per cycle)"
# unloads PATTERN CYCLES: the log holds CYCLES lines matching PATTERN.
unloads() {
	# grep -c prints 0 and fails when nothing matches: a count, not an error.
	n=$(grep -cE "$1" /tmp/loads.log || true)
	[ "$n" = "$2" ] || fail "$2 cycles but $n lines matching '$1'"
}
unloads '\] rust_kprobe: kprobe at 0x[0-9a-f]+ unregistered, ' "$cycles_kprobe"
unloads '\] rust_kretprobe: kretprobe at 0x[0-9a-f]+ unregistered$' "$cycles_kretprobe"
unloads "\\] rust_template: $f: [0-9]+ calls$" "$cycles_template"
unloads 'failed, returned' 0
: "nothing is left behind"
if grep -q . /sys/kernel/tracing/kprobe_events; then
	fail "kprobe events left: $(cat /sys/kernel/tracing/kprobe_events)"
fi
expect_no_probes
