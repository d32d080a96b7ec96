# description: pid= and comm= filters count and log only the matching tasks
target
: "comm= that matches nothing"
insmod $M/rust_kprobe.ko func=probe_target_add6 comm=nomatch maxprint=0 || fail "insmod"
call 1 >/dev/null
grep -qE '^probe_target_add6 0x[0-9a-f]+ 0 ' /sys/kernel/debug/rust_kprobe/stats || fail "comm=nomatch counted a hit"
rmmod rust_kprobe
: "comm= that matches this shell"
insmod $M/rust_kprobe.ko func=probe_target_add6 comm=sh maxprint=0 || fail "insmod"
call 1 >/dev/null
grep -qE '^probe_target_add6 0x[0-9a-f]+ 1 ' /sys/kernel/debug/rust_kprobe/stats || fail "comm=sh missed a hit"
rmmod rust_kprobe
: "pid= of this shell"
# This shell's pid: calls from it match, calls from a child shell do not.
read -r self _ </proc/self/stat
insmod $M/rust_kprobe.ko func=probe_target_add6 pid=$self maxprint=0 || fail "insmod"
call 1 >/dev/null
sh -c "echo 2 > $T/call"
call 3 >/dev/null
grep -qE '^probe_target_add6 0x[0-9a-f]+ 2 ' /sys/kernel/debug/rust_kprobe/stats || fail "pid=$self did not count exactly 2"
rmmod rust_kprobe
: "a comm= longer than a task name is refused"
insmod $M/rust_kprobe.ko comm=abcdefghijklmnopq 2>/dev/null && fail "a 17-byte comm loaded"
expect_log "comm: string doesn't fit in 15 chars"
