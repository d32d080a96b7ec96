# description: an offset past the function's end fails with EINVAL instead of probing the next function
target
: "the offset of the function after probe_target_add6"
a=$(awk '$3 == "probe_target_add6" {print $1}' /proc/kallsyms)
b=$(awk '$3 == "probe_target_delay" {print $1}' /proc/kallsyms)
[ -n "$a" ] && [ -n "$b" ] || fail "no kallsyms addresses for the target functions"
off=$((0x$b - 0x$a))
note "probe_target_delay starts at probe_target_add6+$off"
[ $off -gt 0 ] || skip "the linker placed probe_target_delay first"
: "that offset into probe_target_add6 is refused"
expect_insmod_fail 22 $M/rust_kprobe.ko func=probe_target_add6 offset=$off
expect_log 'the offset is past the end of the function \(it landed in probe_target_delay'
