# description: the layer's KUnit suites: rust_kprobes (rust/kernel/kprobes/tests.rs, also in the patch series: exact counts, args, disable/enable, batches, typed data, missed calls), rust_kprobes_extra (tests/selftest.rs: typed probes, fprobes, handlers not preemptible) and rust_kprobes_usdt (rust/kernel/kprobes/usdt.rs: strict USDT spec parsing)
: "load the suite's module: KUnit runs the suite as the module goes live"
insmod $M/rust_selftest.ko
reason=$(log | sed -n 's/^rust_selftest: \(no KUnit in this kernel.*\)$/\1/p')
[ -z "$reason" ] || skip "$reason"
: "every test of both suites ran and passed"
kunit_suite rust_kprobes rust_kprobes_extra rust_kprobes_usdt
rmmod rust_selftest
