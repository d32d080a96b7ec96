# description: KERNEL=debian boots Debian's vmlinuz byte for byte as packaged, and our modules load into it
[ "$KERNEL" = debian ] || skip "only for KERNEL=debian"
deb=$(ls "$(debian_dir)"/debs/linux-binary-"${DEBIAN_RELEASE}"_*.deb)
want=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/lib/modules/$DEBIAN_RELEASE/vmlinuz" | sha256sum | cut -d' ' -f1)
echo "packaged vmlinuz ($(basename "$deb")): sha256 $want"
s=$(mktemp); trap 'rm -f "$s"' EXIT
cat >"$s" <<'EOT'
echo "uname -r: $(uname -r)"
insmod /modules/rust_kprobe.ko func=kernel_clone
sh -c true
rmmod rust_kprobe
dmesg | grep -E 'rust_kprobe: (Planted|<kernel_clone>)' | head -2
EOT
out=$("$TOP/scripts/vm-run" --kernel debian "$s" 2>&1)
echo "$out" | grep -E '^vm-run: booting|^uname -r|rust_kprobe' | tr -d '\r'
echo "$out" | grep -q "^vm-run: booting .* (sha256 $want)" || fail "the booted image is not the packaged one"
echo "$out" | tr -d '\r' | grep -qx "uname -r: $DEBIAN_RELEASE" || fail "uname -r is not $DEBIAN_RELEASE"
echo "$out" | grep -q 'rust_kprobe: <kernel_clone> p->addr' || fail "no kprobe hit"
