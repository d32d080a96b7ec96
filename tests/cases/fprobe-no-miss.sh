# description: recursion and concurrent sleepers: a kretprobe with maxactive=2 misses calls, an fprobe misses none and reports each with its own data
awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms || skip "this kernel has no fprobes (CONFIG_FPROBE)"
target
depth=9
: "a kretprobe with maxactive=2 on 10 nested calls: 8 missed"
insmod $M/rust_kretprobe.ko func=probe_target_nest maxactive=2 skip_kthreads=0 maxprint=0 || fail "insmod rust_kretprobe"
echo $depth > $T/nest
rmmod rust_kretprobe
expect_count 2 '^rust_kretprobe: probe_target_nest returned [0-9]+ and took'
expect_log "^rust_kretprobe: Missed probing $((depth - 1)) instances of probe_target_nest\$"
: "an fprobe on the same 10 nested calls: each reported, with its own argument and result"
insmod $M/rust_fprobe.ko funcs=probe_target_nest maxprint=0 || fail "insmod rust_fprobe"
echo $depth > $T/nest
s=$(cat /sys/kernel/debug/rust_fprobe/stats)
rmmod rust_fprobe
k=0
while [ $k -le $depth ]; do
	expect_count 1 "^rust_fprobe: <probe_target_nest> returned $(((k + 1) * 10)) after [0-9]+ ns, arg0 = 0x$(printf %x $k)\$"
	k=$((k + 1))
done
echo "$s" | sed -n 2p | grep -qx '1 0' || fail "stats: not 1 function, 0 missed"
[ "$(echo "$s" | awk '$1 == "probe_target_nest" { print $3 }')" = $((depth + 1)) ] || fail "not $((depth + 1)) hits"
expect_log '^rust_fprobe: fprobe on probe_target_nest unregistered: 1 functions, 0 missed$'
: "more sleepers in hrtimer_nanosleep at once than a maxactive=2 kretprobe tracks: each return reported, with its own requested time"
f=hrtimer_nanosleep
grep -qx $f /sys/kernel/tracing/available_filter_functions || skip "$f is not traceable here"
sleepers=$((NCPUS + 3))
insmod $M/rust_fprobe.ko funcs=$f maxprint=0 || fail "insmod rust_fprobe on $f"
i=1
while [ $i -le $sleepers ]; do
	sleep 2.$i &
	i=$((i + 1))
done
wait
s=$(cat /sys/kernel/debug/rust_fprobe/stats)
rmmod rust_fprobe
# Each return: the requested time its entry saw (arg0, a ktime_t in ns, as busybox rounds
# it), and how long the call took, which is at least that.
log | sed -n "s/^rust_fprobe: <$f> returned 0 after \([0-9]*\) ns, arg0 = \(0x[0-9a-f]*\)\$/\1 \2/p" >/tmp/returns
[ "$(wc -l </tmp/returns)" = $sleepers ] || fail "$(wc -l </tmp/returns) returns reported for $sleepers sleepers"
while read -r took arg0; do
	ns=$(printf %d "$arg0")
	[ "$took" -ge "$ns" ] || fail "a sleep of $ns ns returned after $took ns: another call's data?"
	echo $(((ns + 500000) / 1000000))
done </tmp/returns | sort -n >/tmp/requested
seq $sleepers | awk '{ print 2000 + $1 * 100 }' >/tmp/expected
cmp -s /tmp/requested /tmp/expected || fail "requested times seen: $(paste -sd' ' /tmp/requested), not $(paste -sd' ' /tmp/expected) (ms)"
echo "$s" | sed -n 2p | grep -qx '1 0' || fail "stats: not 1 function, 0 missed"
