# description: per-call data carries the entry time: reported ns >= the delay the call spun
target
insmod $M/rust_kretprobe.ko func=probe_target_delay || fail "insmod"
echo 3000 > $T/delay
echo 20000 > $T/delay
rmmod rust_kretprobe
for us in 3000 20000; do
	ns=$(log | sed -n "s/^rust_kretprobe: probe_target_delay returned $us and took \([0-9]*\) ns.*/\1/p")
	[ -n "$ns" ] || fail "no line for the ${us}us call"
	note "${us}us call: $ns ns"
	[ "$ns" -ge $((us * 1000)) ] || fail "${us}us call reported only $ns ns"
done
