# description: the template module (scripts/new-probe's starting point) loads and logs calls with arguments
target
: "two calls"
insmod $M/rust_template.ko func=probe_target_add6 || fail "insmod"
call 7 8 9 >/dev/null
call 1 >/dev/null
rmmod rust_template
: "the first is logged with three arguments, both counted at unload"
expect_log '^rust_template: probe_target_add6\(0x7, 0x8, 0x9\) by sh\[[0-9]+\]$'
expect_log '^rust_template: probe_target_add6: 2 calls$'
