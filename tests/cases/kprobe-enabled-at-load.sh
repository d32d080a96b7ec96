# description: loaded with enabled=0, rust_kprobe and rust_kretprobe plant their probes disarmed: while every CPU calls the function in a loop, not one hit from insmod to rmmod
target
f=probe_target_add6
loop() { echo 1000 >$T/loop; }
: "every CPU calls $f in a loop"
workers "$NCPUS" calls loop
for m in rust_kprobe rust_kretprobe; do
	args=
	[ $m = rust_kretprobe ] && args=skip_kthreads=0
	round=0
	while [ $round -lt 5 ]; do
		: "$m loaded disarmed, round $round"
		insmod $M/$m.ko func=$f enabled=0 maxprint=0 $args || fail "insmod $m enabled=0"
		hits=$(stat_field /sys/kernel/debug/$m/stats $f 3)
		rmmod $m
		[ "$hits" = 0 ] || fail "$m loaded with enabled=0 counted $hits hits (round $round)"
		round=$((round + 1))
	done
done
stop_workers calls
note "$total loops of 1000 calls meanwhile"
[ "$total" -gt 0 ] || fail "no call loop ran"
: "the probes fire once armed"
insmod $M/rust_kprobe.ko func=$f enabled=0 maxprint=0 || fail "insmod rust_kprobe enabled=0"
echo 1 >/sys/module/rust_kprobe/parameters/enabled
call 1 2 3 4 5 6 >/dev/null
hits=$(stat_field /sys/kernel/debug/rust_kprobe/stats $f 3)
rmmod rust_kprobe
[ "$hits" = 1 ] || fail "armed after loading disarmed: $hits hits for 1 call"
expect_no_probes
