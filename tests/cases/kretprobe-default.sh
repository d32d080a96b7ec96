# description: rust_kretprobe's default (kernel_clone) reports the child pid, skipping kernel threads
: "the default return probe, on kernel_clone"
insmod $M/rust_kretprobe.ko || fail "insmod"
forks 3
rmmod rust_kretprobe
: "each fork's return is logged with the child's pid"
n=$(count '^rust_kretprobe: kernel_clone returned [1-9][0-9]* and took [0-9]+ ns to execute$')
[ "$n" -ge 3 ] || fail "expected at least 3 returns, got $n"
expect_log '^rust_kretprobe: Missed probing 0 instances of kernel_clone$'
