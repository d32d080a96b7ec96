# description: handlers log at most 100 lines a second, with maxprint=0 too, and the log counts the lines left out: logging every call of a hot function, or of every function, leaves the kernel responsive
# The fault print-limit-off (tests/mutants) lifts the rate: the counts below fail. Before the
# limit, `insmod rust_template_fprobe.ko funcs='[!a]*' maxprint=0` (found by fuzz-params)
# stalled the guest inside insmod for good: each probed return printed, and so did each
# probed function that printk() calls.
awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms || skip "this kernel has no fprobes (CONFIG_FPROBE)"
target
# not_logged MODULE: the sum of MODULE's "N lines not logged" lines.
not_logged() {
	log | sed -n "s/^$1: \([0-9]*\) lines not logged: at most 100 a second\$/\1/p" |
		awk '{ n += $1 } END { print n + 0 }'
}

: "20000 calls of one function, maxprint=0: the lines logged and those counted out add up"
insmod $M/rust_fprobe.ko funcs=probe_target_add6 maxprint=0 || fail "insmod"
echo 20000 >$T/loop
secs=$(($(cat $T/elapsed) / 1000000000))
rmmod rust_fprobe
logged=$(count '^rust_fprobe: <probe_target_add6> ip = ')
refused=$(not_logged rust_fprobe)
note "20000 calls in ${secs}s and a fraction: $logged logged, $refused not logged"
[ $((logged + refused)) = 20000 ] || fail "$logged logged + $refused not logged is not the 20000 calls"
[ "$logged" -le $((100 * (secs + 2))) ] || fail "$logged lines logged in ${secs}s and a fraction: more than 100 a second"

if [ -e /proc/lockdep ]; then
	# Measured: `insmod rust_fprobe.ko funcs='*' maxprint=1` had not returned after 31
	# minutes on the debug kernel (17311 functions; 8 s on the default kernel).
	note "not every function: attaching to them all takes over half an hour on the debug kernel under TCG"
else
	: "every function, maxprint=0: the kernel keeps running, and unloads it"
	dmesg -c >/dev/null
	insmod $M/rust_fprobe.ko funcs='*' maxprint=0 || fail "insmod funcs='*'"
	sleep 2
	echo 1000 >$T/loop || fail "probe_target's loop, with every function probed"
	rmmod rust_fprobe || fail "rmmod"
	[ "$(not_logged rust_fprobe)" -gt 0 ] || fail "no line was left out with every function logged"
fi
expect_no_probes
