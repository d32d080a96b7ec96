# description: writing enabled=0/1 in sysfs disarms and re-arms the probes without unloading
target
: "disarm and re-arm through sysfs"
insmod $M/rust_kprobe.ko func=probe_target_add6 maxprint=0 || fail "insmod"
e=/sys/module/rust_kprobe/parameters/enabled
call 1 >/dev/null
echo 0 > $e || fail "write enabled=0"
[ "$(cat $e)" = N ] || fail "enabled reads $(cat $e)"
grep -q 'probe_target_add6.*DISABLED' /sys/kernel/debug/kprobes/list || fail "probe not disarmed"
call 2 >/dev/null; call 3 >/dev/null
echo 1 > $e || fail "write enabled=1"
grep -q 'probe_target_add6.*DISABLED' /sys/kernel/debug/kprobes/list && fail "probe still disarmed"
call 4 >/dev/null
grep -qE '^probe_target_add6 0x[0-9a-f]+ 2 ' /sys/kernel/debug/rust_kprobe/stats || fail "expected 2 hits: $(cat /sys/kernel/debug/rust_kprobe/stats)"
rmmod rust_kprobe
: "loaded disarmed"
insmod $M/rust_kprobe.ko func=probe_target_add6 enabled=0 || fail "insmod enabled=0"
call 5 >/dev/null
grep -qE '^probe_target_add6 0x[0-9a-f]+ 0 ' /sys/kernel/debug/rust_kprobe/stats || fail "hit while loaded disabled"
rmmod rust_kprobe
: "the same for the kretprobe"
insmod $M/rust_kretprobe.ko func=probe_target_add6 skip_kthreads=0 || fail "insmod rust_kretprobe"
echo 0 > /sys/module/rust_kretprobe/parameters/enabled
call 6 >/dev/null
echo 1 > /sys/module/rust_kretprobe/parameters/enabled
call 7 >/dev/null
rmmod rust_kretprobe
expect_count 1 'rust_kretprobe: probe_target_add6 returned 7 '
expect_count 0 'rust_kretprobe: probe_target_add6 returned 6 '
