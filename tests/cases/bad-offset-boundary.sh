# description: an offset inside an instruction fails with EILSEQ and says so
target
: "offset 1 is inside the first instruction"
expect_insmod_fail 84 $M/rust_kprobe.ko func=probe_target_add6 offset=1
expect_log 'probe_target_add6\+0x1: the offset is not on an instruction boundary'
: "the next load works"
insmod $M/rust_kprobe.ko func=probe_target_add6 || fail "the next insmod failed"
rmmod rust_kprobe
