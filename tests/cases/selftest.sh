# description: the layer's KUnit suite (rust_kprobes, tests/selftest.rs): exact counts, args, disable/enable, batches, typed data, missed calls, handlers not preemptible
: "load the suite's module: KUnit runs the suite as the module goes live"
insmod $M/rust_selftest.ko
reason=$(log | sed -n 's/^rust_selftest: \(no KUnit in this kernel.*\)$/\1/p')
[ -z "$reason" ] || skip "$reason"
: "every test of the suite ran and passed"
kunit_suite rust_kprobes
rmmod rust_selftest
