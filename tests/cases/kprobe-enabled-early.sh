# description: enabled=0 written in sysfs while the module's init runs, before it installs its probes, is not lost: they end up disarmed
# The parameter's file exists before init is called (load_module(): mod_sysfs_setup(), then
# do_init_module()); the write takes the parameter lock, and EnabledByParam::install reads
# the parameter under that lock.
target
e=/sys/module/rust_kprobe/parameters/enabled
stats=/sys/kernel/debug/rust_kprobe/stats
early=0 late=0 tries=0
while [ $early = 0 ] && [ $tries -lt 20 ]; do
	tries=$((tries + 1))
	: "load, and write enabled=0 as soon as the file exists"
	planted=$(count 'rust_kprobe: Planted kprobe at')
	insmod $M/rust_kprobe.ko func=probe_target_add6 maxprint=0 &
	pid=$!
	until [ -e $e ] || ! kill -0 $pid 2>/dev/null; do :; done
	echo 0 > $e || fail "write enabled=0 while loading"
	state=$(cat /sys/module/rust_kprobe/initstate)
	# Init logs the planted probe before it installs it: no new line yet, the write came
	# before the install.
	if [ "$(count 'rust_kprobe: Planted kprobe at')" = "$planted" ]; then
		early=$((early + 1))
	else
		late=$((late + 1))
	fi
	wait $pid || fail "insmod"
	: "the write holds: disarmed, no hits"
	[ "$(cat $e)" = N ] || fail "enabled reads $(cat $e) after a write of 0 while $state"
	grep -q 'probe_target_add6.*DISABLED' /sys/kernel/debug/kprobes/list ||
		fail "probe armed after a write of 0 while $state: $(cat /sys/kernel/debug/kprobes/list)"
	call 1 >/dev/null
	grep -qE '^probe_target_add6 0x[0-9a-f]+ 0 ' $stats ||
		fail "hit after a write of 0 while $state: $(cat $stats)"
	rmmod rust_kprobe
done
note "$tries loads: $early writes before the probes were installed, $late after"
[ $early -gt 0 ] || skip "no write of enabled came before the install in $tries loads"
