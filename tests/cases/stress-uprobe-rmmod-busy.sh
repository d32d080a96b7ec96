# description: rust_uprobe loaded and unloaded, as a uprobe and as a uretprobe, while programs call the probed function in a loop on every CPU: every load sees hits, the programs run on unharmed
# requires: /etc/uprobe_target.env
. /etc/uprobe_target.env
rm -f /tmp/stop.hot /tmp/hot.*
: "a program per CPU calling ut_add in a loop"
pids=
i=0
while [ $i -lt "$NCPUS" ]; do
	$UT hot /tmp/stop.hot >/tmp/hot.$i &
	pids="$pids $!"
	i=$((i + 1))
done
: "load and unload under them, each mode in turn"
deadline "$STRESS_SECS"
cycles=0
while [ $cycles -lt 4 ] || before_end; do
	ret=$((cycles % 2))
	insmod $M/rust_uprobe.ko path=$UT offset=$UT_ADD ret=$ret maxprint=1 || fail "insmod (cycle $cycles)"
	sleep 0.2
	rmmod rust_uprobe || fail "rmmod (cycle $cycles)"
	cycles=$((cycles + 1))
done
touch /tmp/stop.hot
: "the programs ran on and stopped normally"
for p in $pids; do
	wait $p || fail "program $p exited with status $?"
done
calls=$(cat /tmp/hot.* | tr '\n' ' ')
note "$cycles load/unload cycles; calls per program: $calls"
for n in $calls; do
	[ "$n" -gt 0 ] || fail "a program made no calls"
done
summaries=$(count '^rust_uprobe: uprobe at .* unregistered, [1-9][0-9]* hits$')
[ "$summaries" = $cycles ] || fail "$summaries of $cycles loads saw hits"
