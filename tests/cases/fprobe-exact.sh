# description: fprobe on probe_target's functions: exact counts, return values and per-call data (arguments carried from entry to exit), nested calls included
awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms || skip "this kernel has no fprobes (CONFIG_FPROBE)"
target
: "an fprobe on two functions by name"
insmod $M/rust_fprobe.ko funcs=probe_target_add6,probe_target_nest maxprint=0 || fail "insmod"
expect_log '^rust_fprobe: Planted fprobe on probe_target_add6,probe_target_nest: 2 functions$'
call 1 2 3 4 5 6 >/dev/null
call 7 0 0 0 0 -100 >/dev/null
: "recursion: 4 nested calls, each returning (arg0 + 1) * 10"
echo 3 > $T/nest
[ "$(cat $T/result)" = 40 ] || fail "probe_target_nest(3) returned $(cat $T/result)"
s=$(cat /sys/kernel/debug/rust_fprobe/stats)
echo "$s" | sed 's/^/# /' | head -8
rmmod rust_fprobe
: "each call's entry, and its exit with the value it returned and the argument its entry saw"
expect_count 2 '^rust_fprobe: <probe_target_add6> ip = 0x[0-9a-f]+, ret_ip = 0x[0-9a-f]+$'
expect_count 1 '^rust_fprobe: <probe_target_add6> returned 21 after [0-9]+ ns, arg0 = 0x1$'
expect_count 1 '^rust_fprobe: <probe_target_add6> returned -93 after [0-9]+ ns, arg0 = 0x7$'
expect_count 4 '^rust_fprobe: <probe_target_nest> ip = '
for k in 0 1 2 3; do
	expect_count 1 "^rust_fprobe: <probe_target_nest> returned $(((k + 1) * 10)) after [0-9]+ ns, arg0 = 0x$k\$"
done
expect_count 6 '^rust_fprobe: <probe_target_[a-z0-9]+> returned '
: "the stats: 2 functions, no call missed, exact hits, a histogram per function"
echo "$s" | sed -n 2p | grep -qx '2 0' || fail "stats do not show 2 functions, 0 missed"
[ "$(echo "$s" | awk '$1 == "probe_target_add6" { print $3 }')" = 2 ] || fail "probe_target_add6: not 2 hits"
[ "$(echo "$s" | awk '$1 == "probe_target_nest" { print $3 }')" = 4 ] || fail "probe_target_nest: not 4 hits"
[ "$(echo "$s" | sed -n '/^# latency_ns probe_target_nest/,/^#/p' | hist_from 0)" = 4 ] ||
	fail "probe_target_nest's histogram does not hold 4 calls"
expect_log '^rust_fprobe: fprobe on probe_target_add6,probe_target_nest unregistered: 2 functions, 0 missed$'
