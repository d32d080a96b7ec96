# description: kretprobe reports exact return values, negative ones as signed
target
: "three calls with known results"
insmod $M/rust_kretprobe.ko func=probe_target_add6 skip_kthreads=0 maxprint=0 || fail "insmod"
call 1 2 3 4 5 6 >/dev/null
call 1 2 3 4 5 -100 >/dev/null
call 0x100000000 0 0 0 0 0 >/dev/null
rmmod rust_kretprobe
: "each result is logged, negative ones signed"
expect_log '^rust_kretprobe: Planted return probe at probe_target_add6: 0x[0-9a-f]+$'
expect_count 1 '^rust_kretprobe: probe_target_add6 returned 21 and took [0-9]+ ns to execute$'
expect_count 1 '^rust_kretprobe: probe_target_add6 returned -85 and took [0-9]+ ns to execute$'
expect_count 1 '^rust_kretprobe: probe_target_add6 returned 4294967296 and took [0-9]+ ns'
expect_log '^rust_kretprobe: Missed probing 0 instances of probe_target_add6$'
