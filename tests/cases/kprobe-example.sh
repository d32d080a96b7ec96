# description: rust_kprobe_example (samples/rust/ of `make patches`) logs each fork before and after kernel_clone's probed instruction
: "the sample, on kernel_clone"
insmod $M/rust_kprobe_example.ko || fail "insmod rust_kprobe_example.ko"
expect_log '^rust_kprobe_example: Planted kprobe at 0x[0-9a-f]+$'
: "five forks"
forks 5
rmmod rust_kprobe_example
: "a pre and a post line per hit, in the C sample's words"
pre=$(count '^rust_kprobe_example: <kernel_clone> p->addr = 0x[0-9a-f]+, (ip|pc) = 0x[0-9a-f]+, (flags|pstate|status) = 0x[0-9a-f]+$')
post=$(count '^rust_kprobe_example: <kernel_clone> p->addr = 0x[0-9a-f]+, (flags|pstate|status) = 0x[0-9a-f]+$')
[ "$pre" -ge 5 ] || fail "expected at least 5 pre-handler lines, got $pre"
[ "$post" = "$pre" ] || fail "expected a post-handler line per pre-handler line, got $post for $pre"
expect_log '^rust_kprobe_example: kprobe at 0x[0-9a-f]+ to be unregistered$'
