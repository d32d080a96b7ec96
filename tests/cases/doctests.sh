# description: the doc examples of rust/kernel/kprobes/ and kit/ (tests/rust_doctests.rs) run and pass
: "load the doc examples: they run at load time"
rc=0
insmod $M/rust_doctests.ko || rc=$?
log | grep -E '^rust_doctests: ' | sed 's/^/# /'
[ $rc = 0 ] || fail "insmod rust_doctests.ko failed"
: "every example ran, none failed"
examples=$(log | sed -n 's/^rust_doctests: \([0-9]*\) examples, 0 failed$/\1/p')
[ -n "$examples" ] && [ "$examples" -gt 0 ] || fail "no line 'N examples, 0 failed'"
expect_count 0 '^rust_doctests: not ok'
expect_count "$examples" '^rust_doctests: ok [0-9]+ (rust/kernel/kprobes|kit)/[a-z_0-9/]+\.rs:[0-9]+'
: "the example of error.rs printed its error the modules' way"
expect_log '^rust_doctests: register_kprobe failed, returned -2: no_such_function: not found in kallsyms'
rmmod rust_doctests
