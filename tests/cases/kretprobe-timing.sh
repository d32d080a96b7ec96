# description: per-call data carries the entry time: reported ns >= the delay the call spun, and no more than the call took
target
insmod $M/rust_kretprobe.ko func=probe_target_delay || fail "insmod"
# centis: sets $cs to the time since boot in hundredths of a second.
centis() {
	read -r up _ </proc/uptime
	cs=${up%.*}${up#*.}
}
for us in 3000 20000; do
	: "a call spinning ${us}us"
	centis
	t0=$cs
	echo $us >$T/delay
	centis
	eval "max_$us=$(((cs - t0 + 1) * 10000000))"
done
rmmod rust_kretprobe
for us in 3000 20000; do
	: "its reported time lies between the spin and the time around the write"
	ns=$(log | sed -n "s/^rust_kretprobe: probe_target_delay returned $us and took \([0-9]*\) ns.*/\1/p")
	[ -n "$ns" ] || fail "no line for the ${us}us call"
	eval "max=\$max_$us"
	note "${us}us call: $ns ns (at most $max)"
	[ "$ns" -ge $((us * 1000)) ] || fail "${us}us call reported only $ns ns"
	[ "$ns" -le "$max" ] || fail "${us}us call reported $ns ns, more than the $max ns around it"
done
