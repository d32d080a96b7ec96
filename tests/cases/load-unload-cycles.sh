# description: 50 load/unload cycles of both modules with hits in between leave nothing behind
target
: "50 cycles, one call each"
i=0
while [ $i -lt 50 ]; do
	insmod $M/rust_kprobe.ko func=probe_target_add6 maxprint=1 || fail "insmod rust_kprobe #$i"
	insmod $M/rust_kretprobe.ko func=probe_target_add6 maxprint=1 skip_kthreads=0 || fail "insmod rust_kretprobe #$i"
	call $i 1 >/dev/null
	rmmod rust_kprobe rust_kretprobe || fail "rmmod #$i"
	i=$((i + 1))
done
: "each cycle hit and unloaded cleanly, and left nothing"
expect_count 50 'rust_kprobe: kprobe at 0x[0-9a-f]+ unregistered, 1 hits, 0 missed$'
expect_count 50 'rust_kretprobe: probe_target_add6 returned'
expect_no_probes
