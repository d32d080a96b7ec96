# description: vm-run returns a guest script's exit status, and fails on a guest panic
set -u
s=$(mktemp); trap 'rm -f $s' EXIT
echo 'exit 3' >"$s"
rc=0; "$TOP/scripts/vm-run" --arch "$ARCH_NAME" --variant "$VARIANT" "$s" >/dev/null 2>&1 || rc=$?
[ $rc = 3 ] || { echo "exit 3 gave $rc"; exit 1; }
echo 'echo c > /proc/sysrq-trigger' >"$s"
rc=0; out=$("$TOP/scripts/vm-run" --arch "$ARCH_NAME" --variant "$VARIANT" "$s" 2>&1) || rc=$?
[ $rc != 0 ] || { echo "a panic gave exit 0"; exit 1; }
echo "$out" | grep -q 'vm-run: guest kernel panicked' || { echo "no panic message"; exit 1; }
echo "panic reported: $(echo "$out" | grep 'vm-run: guest kernel panicked')"
