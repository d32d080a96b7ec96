# description: rmmod of a module whose faultable sys_enter handler sleeps waits for the handlers asleep in it (tracepoint_synchronize_unregister); the kernel allows the sleep, and the faulting user read
: "three processes sleep in the handler"
ln -sf /bin/busybox /tmp/tp_sleeper
insmod $M/rust_tp_sleeper.ko comm=tp_sleeper ms=1000 || fail "insmod"
for i in 1 2 3; do /tmp/tp_sleeper 2>/dev/null & done
asleep=0 tries=0
while [ "$asleep" -lt 3 ] && [ $tries -lt 100 ]; do
	{ read -r _; read -r entered left _; } </sys/kernel/debug/rust_tp_sleeper/stats
	asleep=$((entered - left))
	tries=$((tries + 1))
	sleep 0.01
done
[ "$asleep" -ge 3 ] || fail "$asleep handlers asleep, not 3, after $tries tries"
: "rmmod while they sleep: it waits for them"
expect_refcnt0 rust_tp_sleeper
rmmod rust_tp_sleeper
expect_log '^rust_tp_sleeper: unregistered with [0-9]+ handlers asleep; now ([0-9]+) entered, \1 left, \1 read the user stack$'
: "the sleepers wake and finish in the kernel's code"
wait
forks 1
