# description: writing enabled=0/1 in sysfs disarms and re-arms the fprobe without unloading; loaded with enabled=0 it stays disarmed
awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms || skip "this kernel has no fprobes (CONFIG_FPROBE)"
target
S=/sys/kernel/debug/rust_fprobe/stats
hits() { awk -v f="$1" '$1 == f { print $3 }' $S; }
: "disarm and re-arm through sysfs"
insmod $M/rust_fprobe.ko funcs=probe_target_add6 maxprint=0 || fail "insmod"
e=/sys/module/rust_fprobe/parameters/enabled
call 1 >/dev/null
echo 0 > $e || fail "write enabled=0"
[ "$(cat $e)" = N ] || fail "enabled reads $(cat $e)"
call 2 >/dev/null; call 3 >/dev/null
echo 1 > $e || fail "write enabled=1"
call 4 >/dev/null
[ "$(hits probe_target_add6)" = 2 ] || fail "expected 2 hits: $(cat $S)"
rmmod rust_fprobe
expect_count 1 '^rust_fprobe: <probe_target_add6> returned 1 after'
expect_count 0 '^rust_fprobe: <probe_target_add6> returned [23] after'
expect_count 1 '^rust_fprobe: <probe_target_add6> returned 4 after'
: "loaded disarmed"
insmod $M/rust_fprobe.ko funcs=probe_target_add6 enabled=0 || fail "insmod enabled=0"
call 5 >/dev/null
[ "$(hits probe_target_add6)" = 0 ] || fail "hit while loaded disabled"
rmmod rust_fprobe
