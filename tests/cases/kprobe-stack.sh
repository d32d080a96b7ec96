# description: stack=1 dumps the stack in the pre handler, through the probed call chain
target
: "a call with stack=1"
insmod $M/rust_kprobe.ko func=probe_target_add6 stack=1 || fail "insmod"
call 1 >/dev/null
rmmod rust_kprobe
: "the stack shows the call chain"
expect_log 'Call trace:|Call Trace:'
expect_log 'vfs_write'
