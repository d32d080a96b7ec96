# description: funcs=a,b,c plants all probes together, tags each line with its symbol, counts each
target
: "two probes in one registration"
insmod $M/rust_kprobe.ko funcs=probe_target_add6,probe_target_delay maxprint=0 || fail "insmod"
expect_count 2 '^rust_kprobe: Planted kprobe at 0x'
call 1 >/dev/null; call 2 >/dev/null; echo 1 > $T/delay
stats=$(cat /sys/kernel/debug/rust_kprobe/stats)
echo "$stats" | sed 's/^/# /'
echo "$stats" | grep -qE '^probe_target_add6 0x[0-9a-f]+ 2 0$' || fail "add6 not counted 2"
echo "$stats" | grep -qE '^probe_target_delay 0x[0-9a-f]+ 1 0$' || fail "delay not counted 1"
rmmod rust_kprobe
: "each hit is logged with its probe's symbol"
expect_count 2 '^rust_kprobe: <probe_target_add6> p->addr'
expect_count 1 '^rust_kprobe: <probe_target_delay> p->addr'
expect_log 'unregistered, 2 hits, 0 missed$'
: "a list with a bad name plants nothing"
if insmod $M/rust_kprobe.ko funcs=probe_target_add6,no_such_symbol 2>/dev/null; then
	fail "a bad list loaded"
fi
expect_log 'no_such_symbol: not found in kallsyms'
call 3 >/dev/null
expect_count 2 '^rust_kprobe: <probe_target_add6> p->addr'
expect_no_probes
