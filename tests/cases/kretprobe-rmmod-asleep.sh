# description: rmmod while tasks sleep inside the probed function: they return normally after the kretprobe is gone
f=hrtimer_nanosleep
grep -q " $f$" /proc/kallsyms || skip "no $f in this kernel"
sleepers=$((NCPUS * 2))
# Long enough for the sleepers to be still asleep at the rmmod on a slow guest (the debug
# kernel on 4 vCPUs of a busy host took over 2 s to start them).
nap=6
: "tasks asleep in the probed function"
insmod $M/rust_kretprobe.ko func=$f skip_kthreads=0 maxprint=0 || fail "insmod"
i=0
while [ $i -lt $sleepers ]; do
	(sleep $nap && echo "woke $i" >>/tmp/woke) &
	i=$((i + 1))
done
sleep 1
: "rmmod while they sleep; they wake and return normally"
expect_refcnt0 rust_kretprobe
rmmod rust_kretprobe || fail "rmmod with calls in flight"
[ ! -s /tmp/woke ] || fail "$(wc -l </tmp/woke) sleepers woke before the rmmod: a ${nap}s nap is too short here"
wait
[ "$(wc -l </tmp/woke)" = $sleepers ] || fail "only $(wc -l </tmp/woke) of $sleepers sleepers returned"
rm -f /tmp/woke
: "their returns were not reported"
# Only the sleep 1 above returned while the probe was planted.
n1=$(count "^rust_kretprobe: $f returned")
note "returns seen before the unload: $n1"
[ "$n1" -le 1 ] || fail "$n1 returns reported, the sleepers' returns came after the unload"
expect_log "^rust_kretprobe: kretprobe at 0x[0-9a-f]+ unregistered$"
: "the function still works with and without a probe"
# The function still works with and without a probe.
insmod $M/rust_kretprobe.ko func=$f skip_kthreads=0 maxprint=0 || fail "insmod again"
sleep 0.1
rmmod rust_kretprobe
expect_count "$((n1 + 1))" "^rust_kretprobe: $f returned"
