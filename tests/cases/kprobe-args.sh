# description: args=6 prints exactly the six arguments passed, in hex
target
: "two calls with known arguments"
insmod $M/rust_kprobe.ko func=probe_target_add6 args=6 || fail "insmod"
[ "$(call 1 2 3 4 5 6)" = 21 ] || fail "probe_target_add6 returned the wrong sum"
call 0x7fffffff -1 0 4096 0x123456789a -100 >/dev/null
rmmod rust_kprobe
: "each logs its six arguments"
expect_count 1 ' arg0=0x1 arg1=0x2 arg2=0x3 arg3=0x4 arg4=0x5 arg5=0x6$'
expect_count 1 ' arg0=0x7fffffff arg1=0xffffffffffffffff arg2=0x0 arg3=0x1000 arg4=0x123456789a arg5=0xffffffffffffff9c$'
: "more arguments than registers are refused"
insmod $M/rust_kprobe.ko func=probe_target_add6 args=9 2>/dev/null && fail "args=9 was accepted"
expect_log 'args=9: at most [0-9]+ arguments'
