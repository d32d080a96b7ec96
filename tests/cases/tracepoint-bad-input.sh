# description: rust_tracepoint with an unknown or empty tp fails insmod with EINVAL and a message naming it and the tracepoints it takes; the next insmod works
: "an unknown tracepoint name"
expect_insmod_fail 22 $M/rust_tracepoint.ko tp=no_such_tracepoint
expect_log '^rust_tracepoint: attaching to the tracepoint failed, returned -22: tp=no_such_tracepoint: not a tracepoint this module handles: use sched_process_exec, sched_process_fork or sched_process_exit'
: "an empty one"
expect_insmod_fail 22 $M/rust_tracepoint.ko tp=
expect_log '^rust_tracepoint: attaching to the tracepoint failed, returned -22: tp=: not a tracepoint'
: "a name too long for the parameter"
if insmod $M/rust_tracepoint.ko tp=$(printf 'x%.0s' $(seq 80)) 2>/tmp/insmod.err; then
	rmmod rust_tracepoint
	fail "an 80-byte tp was accepted"
fi
: "no debugfs directory is left behind"
[ ! -e /sys/kernel/debug/rust_tracepoint ] || fail "/sys/kernel/debug/rust_tracepoint left behind"
: "the next load works"
insmod $M/rust_tracepoint.ko tp=sched_process_fork || fail "the next insmod failed"
forks 1
rmmod rust_tracepoint
expect_log '^rust_tracepoint: sched_process_fork: comm=sh pid=[0-9]+ child_comm=sh child_pid=[0-9]+$'
