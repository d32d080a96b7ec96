# description: an offset into a function named MODULE:FUNCTION (as kallsyms_lookup_name() takes it) or by either of two names of one address (an alias, as memcpy and __memcpy) is planted where the bare name puts it, not refused as past the function's end
target
# first_offset FUNCTION: sets $off to the first offset into FUNCTION past its entry that
# rust_kprobe takes (an instruction boundary), and $addr to where it planted it.
first_offset() {
	off=
	for o in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		if insmod $M/rust_kprobe.ko func=$1 offset=$o 2>/dev/null; then
			off=$o
			rmmod rust_kprobe
			break
		fi
	done
	[ -n "$off" ] || { log | tail -3 | sed 's/^/#   /'; fail "no offset from 1 to 16 into $1 was taken"; }
	addr=$(log | sed -n 's/^rust_kprobe: Planted kprobe at \(0x[0-9a-f]*\)$/\1/p' | tail -1)
	note "$1+$off is at $addr"
}
# planted_and_fires NAME CALL: NAME+$off is planted at $addr, and CALL hits it once.
planted_and_fires() {
	insmod $M/rust_kprobe.ko func=$1 offset=$off maxprint=0 ||
		fail "func=$1 offset=$off refused: $(log | grep '^rust_kprobe: register_kprobe failed' | tail -1)"
	$2
	got=$(awk '!/^#/ { print $2, $3 }' /sys/kernel/debug/rust_kprobe/stats)
	rmmod rust_kprobe
	[ "$got" = "$addr 1" ] || fail "func=$1 offset=$off: address and hits '$got', want '$addr 1'"
}
call_add6() { call 1 2 3 4 5 6 >/dev/null; }
call_ref6() { echo 1 >$T/loop_ref; }

: "probe_target:probe_target_add6, qualified with its module"
first_offset probe_target_add6
planted_and_fires probe_target:probe_target_add6 call_add6

: "probe_target_twin6 is a second name of probe_target_ref6"
a=$(awk '$3 == "probe_target_ref6" { print $1 }' /proc/kallsyms)
b=$(awk '$3 == "probe_target_twin6" { print $1 }' /proc/kallsyms)
[ -n "$a" ] && [ "$a" = "$b" ] || fail "probe_target_twin6 ($b) is not at probe_target_ref6 ($a)"
first_offset probe_target_ref6
for name in probe_target_twin6 probe_target:probe_target_twin6 probe_target:probe_target_ref6; do
	: "$name+$off"
	planted_and_fires $name call_ref6
done
expect_no_probes
