# description: a kretprobe on the path walk of open and exec, under fork, exec and open loops on every CPU, counts every return a kprobe_events return probe counts
# requires: /sys/kernel/tracing/kprobe_events
tr=/sys/kernel/tracing
# The first of these the compiler did not inline.
f=$(for s in path_openat do_filp_open do_sys_openat2; do
	grep -qE " [tT] $s$" /proc/kallsyms && echo $s
done | head -1)
[ -n "$f" ] || skip "path_openat, do_filp_open and do_sys_openat2 are all inlined"
: "our return probe and a kprobe_events one on the same function"
echo 0 >$tr/tracing_on
echo "r:rkstress/$f $f" >>$tr/kprobe_events || fail "kprobe_events refused r:$f"
insmod $M/rust_kretprobe.ko func=$f skip_kthreads=0 maxprint=1 || fail "insmod"
echo 1 >$tr/events/rkstress/enable
: "fork, exec and open on every CPU"
forkexec() { /bin/busybox true; }
forkonly() { (:); }
openclose() { read -r _ </proc/version; }
deadline "$STRESS_SECS"
workers "$NCPUS" exec forkexec
workers "$NCPUS" fork forkonly
workers "$NCPUS" open openclose
while before_end; do sleep 1; done
touch /tmp/stop.exec /tmp/stop.fork /tmp/stop.open
loops=
for w in exec fork open; do
	stop_workers $w
	loops="$loops, $total ${w}s"
done
note "${loops#, } on $NCPUS CPUs in ${STRESS_SECS}s"
: "both counted the same calls"
# Quiesce: disarm ours, then the event; the opens of the second write (and of the first,
# if the path walk retries) count for the event only.
echo 0 >/sys/module/rust_kretprobe/parameters/enabled
echo 0 >$tr/events/rkstress/enable
ours=$(awk -v s=$f '$1 == s { print $3 + $4 + $5 }' /sys/kernel/debug/rust_kretprobe/stats)
hits=$(stat_field /sys/kernel/debug/rust_kretprobe/stats $f 3)
theirs=$(profile $f | awk '{ print $1 + $2 }')
note "rust_kretprobe: $hits returns, $((ours - hits)) missed; kprobe_events: $(profile $f) (hits misses)"
expect_refcnt0 rust_kretprobe
rmmod rust_kretprobe
echo >$tr/kprobe_events
echo 1 >$tr/tracing_on
[ "$hits" -gt 0 ] || fail "no returns counted"
d=$((theirs - ours))
[ $d -ge 0 ] && [ $d -le 4 ] ||
	fail "rust_kretprobe saw $ours calls (returns + missed), kprobe_events $theirs"
