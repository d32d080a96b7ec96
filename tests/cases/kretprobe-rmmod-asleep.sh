# description: rmmod rust_kretprobe while tasks sleep inside the probed function: they return normally after the kretprobe is gone
f=hrtimer_nanosleep
grep -q " $f$" /proc/kallsyms || skip "no $f in this kernel"
insmod $M/rust_kretprobe.ko func=$f skip_kthreads=0 maxprint=0 || fail "insmod"
rmmod_asleep rust_kretprobe
: "their returns were not reported"
# Only rmmod_asleep's `sleep 1` returned while the probe was planted.
n1=$(count "^rust_kretprobe: $f returned")
note "returns seen before the unload: $n1"
[ "$n1" -le 1 ] || fail "$n1 returns reported, the sleepers' returns came after the unload"
expect_log "^rust_kretprobe: kretprobe at 0x[0-9a-f]+ unregistered$"
: "the function still works with and without a probe"
insmod $M/rust_kretprobe.ko func=$f skip_kthreads=0 maxprint=0 || fail "insmod again"
sleep 0.1
rmmod rust_kretprobe
expect_count "$((n1 + 1))" "^rust_kretprobe: $f returned"
