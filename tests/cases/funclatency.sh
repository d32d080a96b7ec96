# description: the funclatency example histograms a function's latency in debugfs and at unload, with a kretprobe or an fprobe (on a glob too)
target
: "five calls of known length"
insmod $M/rust_funclatency.ko func=probe_target_delay || fail "insmod"
for us in 40 40 40 40 300; do echo $us > $T/delay; done
: "the histogram in debugfs holds them in their buckets"
h=$(cat /sys/kernel/debug/rust_funclatency/hist)
echo "$h" | sed 's/^/# /'
[ "$(echo "$h" | hist_from 0)" = 5 ] || fail "the histogram does not hold 5 calls"
[ "$(echo "$h" | hist_from 32768)" = 5 ] || fail "a 40us call was reported under 32K ns"
[ "$(echo "$h" | hist_from 262144)" -ge 1 ] || fail "the 300us call was reported under 256K ns"
: "the unload prints it"
rmmod rust_funclatency
expect_log '^rust_funclatency: probe_target_delay latency \(ns\), 5 calls:$'
: "mech=fprobe, on a kernel without fprobes: refused, saying so"
if ! awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms; then
	expect_insmod_fail 95 $M/rust_funclatency.ko mech=fprobe func=probe_target_delay
	expect_log '^rust_funclatency: register_fprobe failed, returned -95: probe_target_delay: this kernel has no fprobes \(CONFIG_FPROBE\): use a kretprobe or kprobes instead$'
	exit 0
fi
: "mech=fprobe: the same five calls"
insmod $M/rust_funclatency.ko mech=fprobe func=probe_target_delay || fail "insmod mech=fprobe"
for us in 40 40 40 40 300; do echo $us > $T/delay; done
h=$(cat /sys/kernel/debug/rust_funclatency/hist)
echo "$h" | sed 's/^/# /'
[ "$(echo "$h" | hist_from 0)" = 5 ] || fail "fprobe: the histogram does not hold 5 calls"
[ "$(echo "$h" | hist_from 32768)" = 5 ] || fail "fprobe: a 40us call was reported under 32K ns"
[ "$(echo "$h" | hist_from 262144)" -ge 1 ] || fail "fprobe: the 300us call was reported under 256K ns"
rmmod rust_funclatency
expect_count 2 '^rust_funclatency: probe_target_delay latency \(ns\), 5 calls:$'
: "mech=fprobe with a glob: the calls of every function it matches, in one histogram"
insmod $M/rust_funclatency.ko mech=fprobe 'func=probe_target_[an]*' || fail "insmod a glob"
call 1 2 3 4 5 6 >/dev/null
echo 2 > $T/nest
echo 40 > $T/delay
rmmod rust_funclatency
expect_log '^rust_funclatency: probe_target_\[an\]\* latency \(ns\), 4 calls:$'
: "a mechanism it does not know"
! insmod $M/rust_funclatency.ko mech=uprobe 2>/tmp/insmod.err || fail "insmod mech=uprobe succeeded"
grep -qF "$(insmod_says 22)" /tmp/insmod.err || fail "insmod mech=uprobe: $(cat /tmp/insmod.err)"
expect_log '^rust_funclatency: mech=uprobe: kretprobe or fprobe$'
