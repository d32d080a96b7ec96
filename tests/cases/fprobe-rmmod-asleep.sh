# description: rmmod rust_fprobe while tasks sleep inside an attached function: they return normally after the fprobe is gone, and their exits are not reported
awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms || skip "this kernel has no fprobes (CONFIG_FPROBE)"
f=hrtimer_nanosleep
grep -qx $f /sys/kernel/tracing/available_filter_functions || skip "$f is not traceable here"
insmod $M/rust_fprobe.ko funcs=$f maxprint=0 || fail "insmod"
rmmod_asleep rust_fprobe
: "their entries were seen, their returns not reported"
n0=$(count "^rust_fprobe: <$f> ip = ")
n1=$(count "^rust_fprobe: <$f> returned")
note "entries seen: $n0, returns: $n1"
[ "$n0" -ge $sleepers ] || fail "only $n0 entries seen for $sleepers sleepers"
# Only rmmod_asleep's `sleep 1` returned while the fprobe was attached.
[ "$n1" -le 1 ] || fail "$n1 returns reported, the sleepers' returns came after the unload"
expect_log "^rust_fprobe: fprobe on $f unregistered: 1 functions, 0 missed$"
: "the function still works with and without an fprobe"
insmod $M/rust_fprobe.ko funcs=$f maxprint=0 || fail "insmod again"
sleep 0.1
rmmod rust_fprobe
expect_count "$((n1 + 1))" "^rust_fprobe: <$f> returned"
