# description: a probe refused after it was planted (offset past the function's end) never runs its handler, though the function it landed in is being called
target
a=$(awk '$3 == "probe_target_add6" {print $1}' /proc/kallsyms)
b=$(awk '$3 == "probe_target_delay" {print $1}' /proc/kallsyms)
[ -n "$a" ] && [ -n "$b" ] || fail "no kallsyms addresses for the target functions"
off=$((0x$b - 0x$a))
[ $off -gt 0 ] || skip "the linker placed probe_target_delay first"
: "call probe_target_delay, where probe_target_add6+$off lands, on every CPU"
spin() { echo 0 >$T/delay; }
workers "$NCPUS" spin spin
: "plant and refuse the probe 20 times meanwhile"
i=0
while [ $i -lt 20 ]; do
	if insmod $M/rust_kprobe.ko func=probe_target_add6 offset=$off 2>/dev/null; then
		fail "probe_target_add6+$off was accepted"
	fi
	i=$((i + 1))
done
stop_workers spin
note "$total calls of probe_target_delay meanwhile"
[ "$total" -gt 0 ] || fail "no calls made"
# busybox insmod tries init_module after a failed finit_module: each try may log twice.
n=$(count 'the offset is past the end of the function \(it landed in probe_target_delay')
[ "$n" -ge 20 ] || fail "$n refusals logged for 20 tries"
: "the handler never ran: the probe was checked before it was armed"
expect_count 0 '^rust_kprobe: <probe_target_add6> p->addr'
