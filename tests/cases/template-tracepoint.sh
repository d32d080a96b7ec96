# description: the tracepoint template (scripts/new-probe --kind tracepoint) loads and logs this shell's forks with parent and child
: "three forks of this shell, their children's pids kept"
# This shell's own pid ($$ is the pid of the shell that started the case's subshell).
read -r me _ </proc/self/stat
insmod $M/rust_template_tracepoint.ko || fail "insmod"
pids=
for i in 1 2 3; do
	true &
	pids="$pids $!"
	wait
done
rmmod rust_template_tracepoint
: "each fork logged with this shell as the parent and the child's pid, all counted at unload"
for pid in $pids; do
	expect_count 1 "^rust_template_tracepoint: sh\\[$me\\] forked $pid\$"
done
: "the unload counts them (and the fork that ran rmmod, and any other process's)"
events=$(log | sed -n 's/^rust_template_tracepoint: sched_process_fork: \([0-9]*\) events$/\1/p')
[ -n "$events" ] || fail "no count at unload"
[ "$events" -ge 3 ] || fail "$events events counted at unload, for 3 forks"
