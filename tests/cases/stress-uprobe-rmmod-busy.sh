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
load() { m=rust_uprobe && insmod $M/$m.ko path=$UT offset=$UT_ADD ret=$(($1 % 2)) maxprint=1 || fail "insmod (cycle $1)"; }
unloaded() {
	grep -qE '^rust_uprobe: uprobe at .* unregistered, [1-9][0-9]* hits$' /tmp/drained ||
		fail "cycle $1 saw no hits: $(grep unregistered /tmp/drained)"
}
deadline "$STRESS_SECS"
rmmod_busy 4 1000 0.2
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
