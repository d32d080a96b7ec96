# description: kretprobe counts and a log2 latency histogram in debugfs, printed again at unload
target
: "five calls of known length"
insmod $M/rust_kretprobe.ko func=probe_target_delay maxprint=1 || fail "insmod"
for us in 80 80 80 600 600; do echo $us > $T/delay; done
: "the counters and the histogram in debugfs"
s=$(cat /sys/kernel/debug/rust_kretprobe/stats)
echo "$s" | sed 's/^/# /'
echo "$s" | grep -qE '^probe_target_delay 0x[0-9a-f]+ 5 0 0$' || fail "wrong counters"
total=$(echo "$s" | hist_from 0)
[ "$total" = 5 ] || fail "histogram holds $total calls, want 5"
# Every call spun at least 80us (>= 64K ns), two of them at least 600us (>= 512K ns).
n=$(echo "$s" | hist_from 65536)
[ "$n" = 5 ] || fail "$n calls at 64K ns or more, want 5"
n=$(echo "$s" | hist_from 524288)
[ "$n" -ge 2 ] || fail "$n calls at 512K ns or more, want at least 2"
: "the unload prints them"
rmmod rust_kretprobe
expect_log '^rust_kretprobe: probe_target_delay latency \(ns\):$'
expect_log '^rust_kretprobe: \[[0-9]+[KMG]?, [0-9]+[KMG]?\) +[0-9]+ \|'
