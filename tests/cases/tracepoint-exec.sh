# description: rust_tracepoint tp=sched_process_exec logs an exec of a known program with its file name and pid, as ftrace renders the event; maxprint caps the log while the stats count every event
: "exec /bin/true from a shell whose pid is known"
insmod $M/rust_tracepoint.ko tp=sched_process_exec maxprint=0 || fail "insmod"
expect_log '^rust_tracepoint: attached to tracepoint sched_process_exec$'
sh -c 'echo $$ >/tmp/pid; exec /bin/true'
read -r pid </tmp/pid
: "its file name and pid are logged once, the pid unchanged by the exec"
expect_count 1 "^rust_tracepoint: sched_process_exec: filename=/bin/true pid=$pid old_pid=$pid\$"
: "the stats count the events so far (read with builtins: no exec)"
{ read -r header; read -r name hits; } </sys/kernel/debug/rust_tracepoint/stats
[ "$header" = "# tracepoint hits" ] || fail "stats header '$header'"
[ "$name" = sched_process_exec ] || fail "stats name '$name'"
rmmod rust_tracepoint
: "each event counted was logged (maxprint=0), the count said at unload"
logged=$(count '^rust_tracepoint: sched_process_exec: ')
[ "$logged" -ge "$hits" ] || fail "$logged events logged, $hits counted before"
expect_log "^rust_tracepoint: tracepoint sched_process_exec detached, $logged events\$"

: "maxprint=2: five execs, two logged, all counted"
dmesg -c >/dev/null
insmod $M/rust_tracepoint.ko tp=sched_process_exec maxprint=2 || fail "insmod maxprint=2"
for i in 1 2 3 4 5; do /bin/true; done
{ read -r header; read -r name hits; } </sys/kernel/debug/rust_tracepoint/stats
rmmod rust_tracepoint
[ "$hits" -ge 5 ] || fail "$hits events counted for five execs"
expect_count 2 '^rust_tracepoint: sched_process_exec: filename=/bin/true pid=[0-9]+ old_pid=[0-9]+$'
expect_log "^rust_tracepoint: tracepoint sched_process_exec detached, $hits events\$"
