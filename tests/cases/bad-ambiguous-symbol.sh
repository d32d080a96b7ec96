# description: a symbol name shared by several functions fails with EADDRNOTAVAIL, as kprobe_events does
# requires: /sys/kernel/tracing/available_filter_functions
: "find a name several traceable functions share"
# A duplicated name of traceable functions (kprobe events cannot tell for notrace ones).
awk '$2 ~ /^[tT]$/ && NF == 3 { print $3 }' /proc/kallsyms | sort | uniq -d >/tmp/dups
awk '{ print $2 }' /sys/kernel/debug/kprobes/blacklist >/tmp/blacklisted
sym=$(grep -xFf /tmp/dups /sys/kernel/tracing/available_filter_functions | grep -vxFf /tmp/blacklisted |
	grep -v '^_' | head -1)
[ -n "$sym" ] || skip "no duplicate name of traceable functions in this kernel"
note "$sym names $(awk -v s="$sym" '$3 == s' /proc/kallsyms | wc -l) functions"
: "probing it fails with EADDRNOTAVAIL"
expect_insmod_fail 99 $M/rust_kprobe.ko func=$sym
expect_log "register_kprobe failed, returned -99: $sym: the name is ambiguous"
: "the next load works"
insmod $M/rust_kprobe.ko || fail "the next insmod failed"
rmmod rust_kprobe
