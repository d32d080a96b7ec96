# description: a blacklisted function fails with EINVAL and a hint about the blacklist
# requires: /sys/kernel/debug/kprobes/blacklist
: "a blacklisted function"
sym=$(awk '{print $2}' /sys/kernel/debug/kprobes/blacklist | grep -xE 'aggr_pre_handler|kprobe_busy_begin|[a-z][a-z0-9_]+' | head -1)
note "probing blacklisted $sym"
: "probing it fails with EINVAL and names the blacklist"
expect_insmod_fail 22 $M/rust_kprobe.ko func=$sym
expect_log "register_kprobe failed, returned -22: $sym: .*blacklisted"
: "the next load works"
insmod $M/rust_kprobe.ko || fail "the next insmod failed"
rmmod rust_kprobe
