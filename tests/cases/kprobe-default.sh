# description: the `make run` path: rust_kprobe on kernel_clone logs each fork
: "the default probe, on kernel_clone"
insmod $M/rust_kprobe.ko maxprint=0 || fail "insmod rust_kprobe.ko"
expect_log '^rust_kprobe: Planted kprobe at 0x[0-9a-f]+$'
: "five forks"
forks 5
rmmod rust_kprobe
: "each hit is logged, and counted in the unload summary"
n=$(count '^rust_kprobe: <kernel_clone> p->addr = 0x[0-9a-f]+, (ip|pc) = 0x[0-9a-f]+, (flags|pstate|status) = 0x[0-9a-f]+$')
[ "$n" -ge 5 ] || fail "expected at least 5 kernel_clone hits, got $n"
expect_log "^rust_kprobe: kprobe at 0x[0-9a-f]+ unregistered, $n hits, 0 missed$"
