# description: the layer's self-test: exact counts, args, disable/enable, batches, typed data, missed calls
insmod $M/rust_selftest.ko; rc=$?
log | grep -E '^rust_selftest: (not )?ok|checks' | sed 's/^/# /'
[ $rc = 0 ] || fail "insmod rust_selftest.ko failed"
expect_count 0 '^rust_selftest: not ok'
expect_count 9 '^rust_selftest: ok [0-9]+ '
expect_log '^rust_selftest: 9 checks, 0 failed$'
rmmod rust_selftest
