# description: the series' `module!` string parameters (patch 7): rust_minimal's test_str_parameter reads its default, then the value given to insmod; modinfo says charp
: "only the in-tree kernel has the patch (make check-intree runs this case)"
[ "$M" = /intree ] || skip "not the in-tree kernel of the patch series (make check-intree runs this case)"
: "the default"
insmod $M/rust_minimal.ko
rmmod rust_minimal
expect_log '^rust_minimal: test_str_parameter: default$'
: "a value, with the other parameters"
dmesg -c >/dev/null
insmod $M/rust_minimal.ko test_parameter=7 test_str_parameter=kernel_clone
rmmod rust_minimal
expect_log '^rust_minimal: test_parameter: 7$'
expect_log '^rust_minimal: test_str_parameter: kernel_clone$'
: "modinfo names the type as C does (the module's .modinfo strings)"
tr '\0' '\n' <$M/rust_minimal.ko | grep -qx 'parmtype=test_str_parameter:charp' ||
	fail "no parmtype=test_str_parameter:charp in rust_minimal.ko's modinfo"
