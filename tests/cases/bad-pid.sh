# description: a negative pid (no process has one) is refused with a message, instead of filtering out every hit; the next insmod works
target
for m in rust_kprobe rust_kretprobe; do
	: "$m pid=-1"
	insmod $M/$m.ko func=probe_target_add6 pid=-1 2>/dev/null && { rmmod $m; fail "$m loaded with pid=-1"; }
	expect_log "^$m: pid=-1: "
	: "$m pid=-2147483648"
	insmod $M/$m.ko func=probe_target_add6 pid=-2147483648 2>/dev/null &&
		{ rmmod $m; fail "$m loaded with pid=-2147483648"; }
	expect_log "^$m: pid=-2147483648: "
	: "the next insmod of $m works"
	insmod $M/$m.ko func=probe_target_add6 || fail "the next insmod of $m failed"
	rmmod $m
done
expect_no_probes
