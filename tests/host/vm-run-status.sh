# description: vm-run returns a guest script's exit status, fails on a guest panic, and stops a guest that hangs after a splat within a minute or two
s=$(mktemp); trap 'rm -f $s' EXIT
echo 'exit 3' >"$s"
rc=0; "$TOP/scripts/vm-run" --arch "$ARCH_NAME" --variant "$VARIANT" "$s" >/dev/null 2>&1 || rc=$?
[ $rc = 3 ] || fail "exit 3 gave $rc"
echo 'echo c > /proc/sysrq-trigger' >"$s"
rc=0; out=$("$TOP/scripts/vm-run" --arch "$ARCH_NAME" --variant "$VARIANT" "$s" 2>&1) || rc=$?
[ $rc != 0 ] || fail "a panic gave exit 0"
echo "$out" | grep -q 'vm-run: guest kernel panicked' || fail "no panic message"
echo "panic reported: $(echo "$out" | grep 'vm-run: guest kernel panicked')"
# A splat line in the kernel log, then a guest that never finishes (a hung case).
echo 'echo "WARNING: vm-run-status: a splat, then a hang" >/dev/kmsg; sleep 100000' >"$s"
t0=$SECONDS
rc=0; out=$("$TOP/scripts/vm-run" --arch "$ARCH_NAME" --variant "$VARIANT" --timeout 1200 "$s" 2>&1) || rc=$?
[ $rc != 0 ] || fail "a hang after a splat gave exit 0"
echo "$out" | grep -q 'vm-run: guest stopped after a kernel splat' ||
	{ echo "$out" | tail -5; fail "no message saying the guest was stopped after a splat"; }
[ $((SECONDS - t0)) -lt 200 ] || fail "the hung guest ran $((SECONDS - t0)) s"
echo "hang after a splat stopped in $((SECONDS - t0)) s: $(echo "$out" | grep 'vm-run: stopping')"
