# description: rust_tracepoint tp=sched_process_fork and tp=sched_process_exit log a known fork and exit with the exact pids, names and priority, as ftrace renders the events
: "a shell forks a child"
insmod $M/rust_tracepoint.ko tp=sched_process_fork maxprint=0 || fail "insmod fork"
sh -c 'echo $$ >/tmp/ppid; sleep 0 & echo $! >/tmp/cpid; wait'
rmmod rust_tracepoint
read -r ppid </tmp/ppid
read -r cpid </tmp/cpid
: "the fork is logged with both pids; the child still has its parent's name"
expect_count 1 "^rust_tracepoint: sched_process_fork: comm=sh pid=$ppid child_comm=sh child_pid=$cpid\$"

: "a process of nice 5 exits"
insmod $M/rust_tracepoint.ko tp=sched_process_exit maxprint=0 || fail "insmod exit"
sh -c 'renice -n 5 -p $$ >/dev/null; echo $$ >/tmp/pid'
rmmod rust_tracepoint
read -r pid </tmp/pid
: "its exit is logged with its name, pid, priority 120 + 5, and the group dead"
expect_count 1 "^rust_tracepoint: sched_process_exit: comm=sh pid=$pid prio=125 group_dead=true\$"
