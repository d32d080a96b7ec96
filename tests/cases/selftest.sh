# description: the layer's self-test: exact counts, args, disable/enable, batches, typed data, missed calls, typed probes
: "load the self-test: it runs its checks at load time"
rc=0
insmod $M/rust_selftest.ko || rc=$?
log | grep -E '^rust_selftest: (not )?ok|checks' | sed 's/^/# /'
[ $rc = 0 ] || fail "insmod rust_selftest.ko failed"
: "every check passed"
expect_count 0 '^rust_selftest: not ok'
expect_count 12 '^rust_selftest: ok [0-9]+ '
expect_log '^rust_selftest: 12 checks, 0 failed$'
rmmod rust_selftest
