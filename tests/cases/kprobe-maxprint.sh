# description: maxprint caps the logged hits while counting goes on
target
: "five calls with maxprint=2"
insmod $M/rust_kprobe.ko func=probe_target_add6 maxprint=2 || fail "insmod"
for i in 1 2 3 4 5; do call $i >/dev/null; done
rmmod rust_kprobe
: "two are logged, five counted"
expect_count 2 '<probe_target_add6> p->addr'
expect_log 'unregistered, 5 hits, 0 missed$'
