# description: an unknown symbol fails insmod with ENOENT and a message naming it; the next insmod works
: "an unknown name fails with ENOENT"
expect_insmod_fail 2 $M/rust_kprobe.ko func=no_such_symbol
expect_log '^rust_kprobe: register_kprobe failed, returned -2: no_such_symbol: not found in kallsyms'
: "the next load works"
insmod $M/rust_kprobe.ko func=kernel_clone || fail "the next insmod failed"
forks 1
rmmod rust_kprobe
expect_log '<kernel_clone> p->addr'
