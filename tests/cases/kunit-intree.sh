# description: the in-tree kernel of `make patches` ran kernel::kprobes' KUnit suite (rust_kprobes) and the kernel crate's doctests, the layer's examples among them, at boot: all passed
: "only the in-tree kernel has them built in (make check-intree)"
[ "$M" = /intree ] || skip "not the in-tree kernel of the patch series (make check-intree runs this case)"
: "the suite of kernel::kprobes and the kernel crate's doctests ran at boot and passed"
kunit_suite --results rust_kprobes rust_doctests_kernel
: "the doctests include the layer's examples, one or more per file that has any"
for f in error kprobe kretprobe usdt fprobe; do
	n=$(grep -cE "^    ok [0-9]+ rust_doctest_kernel_kprobes_${f}_rs_[0-9]+$" "$SUBTESTS" || true)
	note "kprobes/$f.rs: $n doctests passed"
	[ "$n" -ge 1 ] || fail "no passed doctest of kernel::kprobes from $f.rs"
done
