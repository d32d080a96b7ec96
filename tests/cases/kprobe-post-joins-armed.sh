# description: a kprobe with a post handler joins an armed probe without one on the same function entry, and leaves: both keep working, and the first still disarms and goes (the kernel's own kprobe_example leaves it armed there: "Failed to disarm kprobe-ftrace")
# requires: /sys/kernel/tracing/kprobe_events
target
f=probe_target_add6
E=/sys/kernel/tracing
ev=$E/events/rust_kprobes_test/first
: "a kprobe event, which has no post handler, armed first"
echo "p:rust_kprobes_test/first $f" >>$E/kprobe_events
echo 1 >$ev/enable
: "rust_kprobe with a post handler joins it, sees one call before and after, and leaves"
insmod $M/rust_kprobe.ko func=$f post=1 maxprint=0 || fail "insmod"
call 1 2 3 4 5 6 >/dev/null
rmmod rust_kprobe
expect_count 1 '^rust_kprobe: <probe_target_add6> p->addr = 0x[0-9a-f]+, (ip|pc) = '
expect_count 1 '^rust_kprobe: <probe_target_add6> p->addr = 0x[0-9a-f]+, (flags|pstate|status) = 0x[0-9a-f]+$'
: "the event still fires alone, then disarms and goes"
call 1 2 3 4 5 6 >/dev/null
hits=$(profile first)
echo 0 >$ev/enable
echo "-:rust_kprobes_test/first" >>$E/kprobe_events
[ "$hits" = "2 0" ] || fail "the event counted '$hits' (hits misses), not '2 0'"
expect_count 0 'Failed to disarm kprobe-ftrace'
expect_no_probes
