# description: rust_kretprobe_example (samples/rust/ of `make patches`) logs each fork's return value (the child's pid) and duration
: "the sample, on kernel_clone"
insmod $M/rust_kretprobe_example.ko || fail "insmod rust_kretprobe_example.ko"
expect_log '^rust_kretprobe_example: Planted return probe at kernel_clone: 0x[0-9a-f]+$'
: "a fork whose child's pid we know"
sh -c 'echo $$ >/tmp/child-pid'
child=$(cat /tmp/child-pid)
rmmod rust_kretprobe_example
: "kernel_clone returned the child's pid, in the C sample's words"
expect_log "^rust_kretprobe_example: kernel_clone returned $child and took [0-9]+ ns to execute\$"
expect_log '^rust_kretprobe_example: kretprobe at 0x[0-9a-f]+ to be unregistered$'
expect_log '^rust_kretprobe_example: Missed probing 0 instances of kernel_clone$'
