# description: maxactive=1 on a function that sleeps: concurrent calls past the first are missed, and counted exactly
f=hrtimer_nanosleep
grep -q " $f$" /proc/kallsyms || skip "no $f in this kernel"
sleepers=$((NCPUS + 2))
: "more sleepers than maxactive in the function at once"
insmod $M/rust_kretprobe.ko func=$f maxactive=1 skip_kthreads=0 maxprint=0 || fail "insmod"
# All sleepers are in the function at once: they start well within the first one's sleep.
uptime_s
t0=$up
i=0
while [ $i -lt $sleepers ]; do
	sleep 4 &
	# One at a time into the function: the kernel counts misses with a plain increment
	# (kretprobe.nmissed++), which two CPUs missing at once can lose.
	while [ -e /proc/$!/status ] && ! grep -q '^State:.*(sleeping)' /proc/$!/status; do :; done
	i=$((i + 1))
done
uptime_s
[ $((up - t0)) -lt 3 ] || skip "starting $sleepers sleepers took $((up - t0))s"
wait
: "one return reported, the others counted missed"
s=$(cat /sys/kernel/debug/rust_kretprobe/stats)
echo "$s" | sed 's/^/# /' | head -3
expect_refcnt0 rust_kretprobe
rmmod rust_kretprobe
expect_count 1 "^rust_kretprobe: $f returned 0 and took [0-9]+ ns to execute$"
expect_count 1 "^rust_kretprobe: Missed probing $((sleepers - 1)) instances of $f$"
echo "$s" | grep -qE "^$f 0x[0-9a-f]+ 1 $((sleepers - 1)) 0$" || fail "stats do not show 1 hit, $((sleepers - 1)) missed"
