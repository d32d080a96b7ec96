# description: the modules' Debian package (make deb) installs, and modprobe loads rust_kprobe from it
# requires: /deb/DEBIAN/postinst
set -e
rel=$(uname -r)
: "the package is for this kernel"
[ -d /deb/lib/modules/"$rel"/updates/rust-kprobes ] ||
	fail "the package holds no modules for $rel: $(ls /deb/lib/modules)"
: "install its files and run its postinst, as dpkg does"
cp -a /deb/lib /
/deb/DEBIAN/postinst configure
grep -q 'updates/rust-kprobes/rust_kprobe.ko:' /lib/modules/"$rel"/modules.dep ||
	fail "depmod did not index rust_kprobe.ko"
: "modprobe finds and loads it, with a parameter"
modprobe rust_kprobe func=kernel_clone maxprint=0 || fail "modprobe rust_kprobe func=kernel_clone"
expect_log '^rust_kprobe: Planted kprobe at 0x[0-9a-f]+$'
forks 3
modprobe -r rust_kprobe
n=$(count '^rust_kprobe: <kernel_clone> p->addr = ')
[ "$n" -ge 3 ] || fail "expected at least 3 kernel_clone hits, got $n"
: "remove it again"
rm -r /lib/modules/"$rel"/updates/rust-kprobes
/deb/DEBIAN/postrm remove
! grep -q rust_kprobe /lib/modules/"$rel"/modules.dep || fail "postrm left rust_kprobe indexed"
