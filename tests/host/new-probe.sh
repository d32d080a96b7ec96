# description: scripts/new-probe makes a module that builds, loads and passes its own test
set -eu
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$TOP/scripts/lib.sh"
copy_tree "$tmp"
cd "$tmp"
scripts/new-probe my_probe kernel_clone
make -s ARCH="$ARCH_NAME" VARIANT="$VARIANT" >/dev/null
ls -la examples/my_probe.ko
out=$(tests/run --arch "$ARCH_NAME" --variant "$VARIANT" my_probe 2>&1) || { echo "$out" | tail -20; exit 1; }
echo "$out" | tail -1
echo "$out" | grep -qE '^[1-9][0-9]* passed, 0 failed$'
