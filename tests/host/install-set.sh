# description: make modules_install and make deb ship the modules users load (rust_kprobe, rust_kretprobe, rust_tracepoint, rust_uprobe, rust_fprobe, examples, the series' samples), no test module
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# rust_fprobe only for a kernel with fprobes (CONFIG_FPROBE).
fprobe=$(grep -q '^CONFIG_FPROBE=y' "$(kdir "$ARCH_NAME" "$VARIANT")/.config" && echo rust_fprobe || true)
want=$({ echo rust_kprobe; echo rust_kretprobe; echo rust_tracepoint; echo rust_uprobe; echo $fprobe; ls "$TOP"/examples/*.rs "$TOP"/samples/rust/*.rs | grep -v "_rs\.rs$" | xargs -n1 basename | sed 's/\.rs$//'; } | grep . | sort | paste -sd' ')
echo "the modules users load: $want"
: "make modules_install (depmod left out)"
make -s -C "$TOP" modules_install ARCH="$ARCH_NAME" VARIANT="$VARIANT" INSTALL_MOD_PATH="$tmp" \
	DEPMOD=true >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "make modules_install failed"; }
# Named NAME.ko, or NAME.ko.xz where the kernel compresses its modules.
installed=$(find "$tmp/lib" -name '*.ko*' | sed 's|.*/||; s/\.ko.*//' | sort | paste -sd' ')
echo "make modules_install installs: $installed"
[ "$installed" = "$want" ] || fail "make modules_install installs other modules than those users load"
: "make deb"
deb=$("$TOP/scripts/internal/make-deb" "$(kdir "$ARCH_NAME" "$VARIANT")")
packaged=$(dpkg-deb -c "$deb" | sed -n 's|.*/\([^/]*\)\.ko$|\1|p' | sort | paste -sd' ')
echo "$(basename "$deb") holds: $packaged"
[ "$packaged" = "$want" ] || fail "the package holds other modules than those users load"
