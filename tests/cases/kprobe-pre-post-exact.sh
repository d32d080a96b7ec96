# description: with post=1, pre and post handlers run exactly once per call
target
: "seven calls with a post handler"
insmod $M/rust_kprobe.ko func=probe_target_add6 post=1 maxprint=0 || fail "insmod"
for i in 1 2 3 4 5 6 7; do call $i 0 0 0 0 0 >/dev/null; done
rmmod rust_kprobe
: "each ran pre and post once"
expect_count 7 '^rust_kprobe: <probe_target_add6> p->addr = 0x[0-9a-f]+, (ip|pc) = '
expect_count 7 '^rust_kprobe: <probe_target_add6> p->addr = 0x[0-9a-f]+, (flags|pstate|status) = 0x[0-9a-f]+$'
expect_log 'unregistered, 7 hits, 0 missed$'
