# description: the kernel's kprobe_example (C, with a post handler) joins an armed kprobe event on a function entry and leaves: the event still disarms (patch 8 of `make patches`; without it, x86_64 says "Failed to disarm kprobe-ftrace")
# requires: /sys/kernel/tracing/kprobe_events
: "only the in-tree kernel has the fix (make check-intree)"
[ "$M" = /intree ] || skip "not the in-tree kernel of the patch series (make check-intree runs this case)"
f=kernel_clone
E=/sys/kernel/tracing
: "a kprobe event, which has no post handler, armed first"
echo "p:rust_kprobes_test/first $f" >>$E/kprobe_events
echo 1 >$E/events/rust_kprobes_test/first/enable
: "kprobe_example, with a post handler, joins it, sees a fork, and leaves"
insmod $M/kprobe_example.ko symbol=$f
forks 1
rmmod kprobe_example
expect_log '^handler_pre: <kernel_clone> p->addr = '
expect_log '^handler_post: <kernel_clone> p->addr = '
: "the event disarms and goes"
echo 0 >$E/events/rust_kprobes_test/first/enable
echo "-:rust_kprobes_test/first" >>$E/kprobe_events
expect_count 0 'Failed to disarm kprobe-ftrace'
expect_no_probes
