# description: the in-tree kernel of `make patches` ran kernel::kprobes' KUnit suite (rust_kprobes) and the kernel crate's doctests, the layer's examples among them, at boot: all passed
: "only the in-tree kernel has them built in (make check-intree)"
[ "$M" = /intree ] || skip "not the in-tree kernel of the patch series (make check-intree runs this case)"
: "the suite of kernel::kprobes and the kernel crate's doctests ran at boot and passed"
kunit_suite --results rust_kprobes rust_doctests_kernel
: "the doctests include the layer's examples (kprobe.rs, kretprobe.rs, error.rs)"
ours=$(grep -cE '^    ok [0-9]+ rust_doctest_kernel_kprobes_' "$SUBTESTS" || true)
note "$ours doctests of kernel::kprobes passed"
[ "$ours" -ge 3 ] || fail "expected at least 3 passed doctests of kernel::kprobes, got $ours"
