# description: scripts/new-probe makes modules (a kprobe, a tracepoint handler, a uprobe, an fprobe) that build, load and pass their own tests
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
copy_tree "$tmp"
cd "$tmp"
scripts/new-probe my_probe kernel_clone
scripts/new-probe --kind tracepoint my_tracepoint
scripts/new-probe --kind uprobe my_uprobe
scripts/new-probe --kind fprobe my_fprobe kernel_clone
make -s ARCH="$ARCH_NAME" VARIANT="$VARIANT" >/dev/null
ls -la examples/my_probe.ko examples/my_tracepoint.ko examples/my_uprobe.ko examples/my_fprobe.ko
out=$(tests/run --arch "$ARCH_NAME" --variant "$VARIANT" my_probe my_tracepoint my_uprobe my_fprobe 2>&1) ||
	{ echo "$out" | tail -20; fail "the new modules' cases failed"; }
echo "$out" | tail -1
# Each module's case passed (kunit.py's report), and nothing failed: the debug kernel adds a
# result of its own (kmemleak) to the count.
for m in my_probe my_tracepoint my_uprobe my_fprobe; do
	echo "$out" | grep -qE "\[PASSED\] $m\$" || fail "$m did not pass"
done
echo "$out" | grep -qE '^[0-9]+ passed, 0 failed$'
