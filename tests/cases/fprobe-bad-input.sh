# description: fprobe bad input: a glob matching nothing, a function ftrace cannot trace, an unknown name, an empty name, a list with a glob in it, notfuncs without a glob fail insmod naming the problem; the next insmod works
awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms || skip "this kernel has no fprobes (CONFIG_FPROBE)"
target
: "a glob that matches no traceable function"
expect_insmod_fail 2 $M/rust_fprobe.ko 'funcs=no_such_function_*'
expect_log "^rust_fprobe: register_fprobe failed, returned -2: 'no_such_function_\*': no traceable function matches: the names ftrace can trace are in /sys/kernel/tracing/available_filter_functions"
: "a glob matching only a notrace function"
expect_insmod_fail 2 $M/rust_fprobe.ko 'funcs=probe_target_notr*'
expect_log "^rust_fprobe: register_fprobe failed, returned -2: 'probe_target_notr\*': no traceable function matches"
: "a list with a function ftrace cannot trace (notrace): named"
expect_insmod_fail 2 $M/rust_fprobe.ko funcs=probe_target_add6,probe_target_notrace
expect_log '^rust_fprobe: register_fprobe failed, returned -2: probe_target_notrace: not a traceable function: it must be in /sys/kernel/tracing/available_filter_functions'
: "an unknown name: named"
expect_insmod_fail 2 $M/rust_fprobe.ko funcs=no_such_function,probe_target_add6
expect_log '^rust_fprobe: register_fprobe failed, returned -2: no_such_function: not a traceable function: .*check /proc/kallsyms'
: "an empty name"
expect_insmod_fail 22 $M/rust_fprobe.ko funcs=probe_target_add6,,probe_target_nest
expect_log "^rust_fprobe: register_fprobe failed, returned -22: empty symbol name in 'probe_target_add6,,probe_target_nest': name a function$"
: "a list with a glob in it: refused, not matched as one glob"
expect_insmod_fail 22 $M/rust_fprobe.ko 'funcs=probe_target_add6,probe_target_n*'
expect_log "^rust_fprobe: funcs='probe_target_add6,probe_target_n\*': a list takes exact names, not globs: give one glob alone \(funcs='probe_target_n\*'\), or list the names$"
: "notfuncs with a list of names, or with one name: refused, not ignored"
expect_insmod_fail 22 $M/rust_fprobe.ko funcs=probe_target_add6,probe_target_nest notfuncs=probe_target_nest
expect_log "^rust_fprobe: notfuncs='probe_target_nest' applies to a glob in funcs, not to a list of names: leave the names out of funcs instead$"
expect_insmod_fail 22 $M/rust_fprobe.ko funcs=probe_target_add6 notfuncs=probe_target_nest
: "nothing left behind: the next insmod attaches and counts"
[ ! -d /sys/kernel/debug/rust_fprobe ] || fail "debugfs directory left behind"
insmod $M/rust_fprobe.ko funcs=probe_target_add6 || fail "insmod after the failures"
call 1 1 1 1 1 1 >/dev/null
[ "$(awk '$1 == "probe_target_add6" { print $3 }' /sys/kernel/debug/rust_fprobe/stats)" = 1 ] || fail "no hit after the failures"
rmmod rust_fprobe
expect_count 1 '^rust_fprobe: <probe_target_add6> returned 6 after [0-9]+ ns, arg0 = 0x1$'
