# description: a USDT probe's semaphore, as the running program sees it (PROBE_ENABLED()), is set (0, then 1 or 2, then 0) only while rust_uprobe is loaded with semaphore=; the probe fires only then
# requires: /etc/uprobe_target.env
. /etc/uprobe_target.env
rm -f /tmp/stop.watch
: "a program watching its semaphore, started before the module"
$UT watch /tmp/stop.watch >/tmp/watch &
w=$!
sleep 0.5
: "before: the probe does not fire"
[ "$($UT usdt 4)" = 0 ] || fail "tick fired before the module was loaded"
insmod $M/rust_uprobe.ko path=$UT offset=$USDT_TICK_OFFSET semaphore=$USDT_TICK_SEMAPHORE || fail "insmod"
sleep 0.5
: "during: it fires every time, also in a program started now"
[ "$($UT usdt 4)" = 4 ] || fail "tick fired $($UT usdt 4) times of 4 with the module loaded"
rmmod rust_uprobe
sleep 0.5
: "after: it does not fire anymore"
[ "$($UT usdt 4)" = 0 ] || fail "tick fired after the module was unloaded"
touch /tmp/stop.watch
wait $w
note "the watcher saw: $(tr '\n' '|' </tmp/watch)"
# The kernel counts one per breakpoint it planted for the probe in the process: 1, or 2 where
# two mappings of the program hold the probe's file page (riscv64: the read-only segment and
# the text share the file's first page, and valid_vma() takes any VM_MAYEXEC file mapping),
# planted and removed one at a time (seen: 0, 2, 1, 0). Set once, without a gap, then 0.
armed=$(sed '1d; $d' /tmp/watch)
[ "$(head -1 /tmp/watch)" = "semaphore 0" ] && [ "$(tail -1 /tmp/watch)" = "semaphore 0" ] &&
	[ -n "$armed" ] && ! echo "$armed" | grep -qvE '^semaphore [12]$' ||
	fail "the running program's semaphore was not 0, then set (1 or 2), then 0"
expect_count 4 "^rust_uprobe: uprobe_target\\[[0-9]+\\] hit $UT\\+$USDT_TICK_OFFSET\$"
: "without semaphore= the program's test stays false: no hits"
insmod $M/rust_uprobe.ko path=$UT offset=$USDT_TICK_OFFSET || fail "insmod"
[ "$($UT usdt 4)" = 0 ] || fail "tick fired without its semaphore armed"
rmmod rust_uprobe
expect_count 4 "^rust_uprobe: uprobe_target\\[[0-9]+\\] hit "
