# description: the execsnoop example reads the program and arguments of an exec from user memory
: "exec a program with arguments"
insmod $M/rust_execsnoop.ko || fail "insmod"
/bin/busybox echo one two three > /dev/null
rmmod rust_execsnoop
: "its name and arguments are logged"
expect_log '^rust_execsnoop: sh\[[0-9]+\] exec /bin/busybox echo one two three$'
