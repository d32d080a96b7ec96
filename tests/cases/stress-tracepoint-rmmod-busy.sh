# description: load/unload cycles of rust_tracepoint (each tracepoint in turn) and rust_opensnoop while every CPU forks, execs and opens: each unloads clean while its handlers run
: "load/unload cycles under fork, exec and open load"
work() { sh -c 'cat /proc/version >/dev/null'; }
workers "$NCPUS" work work
load() {
	case $(($1 % 4)) in
	0) m=rust_tracepoint args="tp=sched_process_exec maxprint=0" ;;
	1) m=rust_tracepoint args="tp=sched_process_fork maxprint=0" ;;
	2) m=rust_tracepoint args="tp=sched_process_exit maxprint=0" ;;
	3) m=rust_opensnoop args= ;;
	esac
	# shellcheck disable=SC2086 # $args: the parameters, split
	insmod $M/$m.ko $args || fail "insmod $m $args #$1"
}
unloaded() {
	case $m in
	rust_tracepoint)
		n=$(sed -n 's/^rust_tracepoint: tracepoint [a-z_]* detached, \([0-9]*\) events$/\1/p' /tmp/drained)
		[ -n "$n" ] || fail "$m $args #$1: no unload summary"
		logged=$(grep -c '^rust_tracepoint: sched_process_' /tmp/drained || true)
		[ "$logged" = "$n" ] || fail "$m $args #$1: $logged events logged, $n counted"
		;;
	rust_opensnoop)
		n=$(grep -c '^rust_opensnoop: .* openat ' /tmp/drained || true)
		;;
	esac
	[ "$n" -gt 0 ]
}
deadline "$STRESS_SECS"
# At least 4 cycles: each tracepoint, and rust_opensnoop, once.
rmmod_busy 4 1000 0.05
stop_workers work
note "$cycles load/unload cycles, $busy of them with events coming in; $total workloads ran"
