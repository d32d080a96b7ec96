# description: an empty or over-long func fails insmod with a message naming the problem
: "an empty name"
expect_insmod_fail 22 $M/rust_kprobe.ko func=
expect_log 'empty symbol name'
: "a name longer than the parameter holds"
long=$(head -c 600 /dev/zero | tr '\0' a)
insmod $M/rust_kprobe.ko func=$long 2>/dev/null && fail "a 600-byte func was accepted"
expect_log "func: string doesn't fit in 511 chars"
: "the next load works"
insmod $M/rust_kprobe.ko || fail "the next insmod failed"
rmmod rust_kprobe
