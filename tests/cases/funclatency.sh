# description: the funclatency example histograms a function's latency in debugfs and at unload
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
