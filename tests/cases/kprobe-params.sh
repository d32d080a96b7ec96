# description: string parameter func (and its alias symbol) shows in sysfs
target
: "parameters read back from sysfs"
insmod $M/rust_kprobe.ko func=probe_target_add6 || fail "insmod"
p=/sys/module/rust_kprobe/parameters
[ "$(cat $p/func)" = probe_target_add6 ] || fail "func reads '$(cat $p/func)'"
[ "$(cat $p/maxprint)" = 10 ] || fail "maxprint reads '$(cat $p/maxprint)'"
rmmod rust_kprobe
: "symbol= sets func"
insmod $M/rust_kprobe.ko symbol=probe_target_add6 || fail "insmod with symbol="
[ "$(cat $p/func)" = probe_target_add6 ] || fail "symbol= did not set func"
call 1 2 3 4 5 6 >/dev/null
expect_count 1 '^rust_kprobe: <probe_target_add6> p->addr'
