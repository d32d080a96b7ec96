# description: garbage numeric and boolean parameters fail insmod with the kernel's message; the next insmod works
target
# bad MODULE PARAM=VALUE: insmod fails and the kernel names the value and the parameter.
bad() {
	m=$1 p=${2%%=*} v=${2#*=}
	insmod $M/$m.ko "$2" 2>/dev/null && { rmmod "$m"; fail "insmod $m $2 succeeded"; }
	log | grep -qF "$m: \`$v' invalid for parameter \`$p'" ||
		log | grep -qF "$m: \`$v' too large for parameter \`$p'" ||
		{ log | tail -5 | sed 's/^/#   /'; fail "no message for $m $2"; }
	tried=$((tried + 1))
}
: "values the kernel's parser refuses"
tried=0
bad rust_kprobe offset=abc
bad rust_kprobe offset=-4
bad rust_kprobe offset=4294967296
bad rust_kprobe offset=0x
bad rust_kprobe args=-1
bad rust_kprobe args=1.5
bad rust_kprobe maxprint=99999999999999999999
bad rust_kprobe maxprint=
bad rust_kprobe post=maybe
bad rust_kprobe post=2
bad rust_kprobe stack=sure
bad rust_kprobe pid=abc
bad rust_kprobe pid=99999999999
bad rust_kprobe enabled=perhaps
bad rust_kretprobe maxactive=-1
bad rust_kretprobe maxactive=ten
bad rust_kretprobe maxprint=0x1ffffffff
bad rust_kretprobe skip_kthreads=maybe
bad rust_kretprobe pid=--1
bad rust_template maxprint=-10
note "$tried bad values refused"
: "values the module refuses"
# Values the parser takes are checked by the module: out of range, or too many calls to track.
insmod $M/rust_kprobe.ko args=4294967295 2>/dev/null && fail "args=4294967295 loaded"
expect_log 'args=4294967295: at most [0-9]+ arguments'
insmod $M/rust_kretprobe.ko func=probe_target_add6 maxactive=100000000 2>/dev/null &&
	fail "maxactive=100000000 loaded"
expect_log 'register_kretprobe failed, returned -7: probe_target_add6: maxactive=100000000'
: "unknown parameters are ignored"
# Unknown parameters are the kernel's business: it loads and says it ignored them.
insmod $M/rust_kprobe.ko func=probe_target_add6 no_such_param=1 || fail "insmod with an unknown parameter"
rmmod rust_kprobe
expect_log "rust_kprobe: unknown parameter 'no_such_param' ignored"
: "hex and octal values"
# Hex and octal are numbers to the kernel's parser.
insmod $M/rust_kprobe.ko func=probe_target_add6 maxprint=0x10 args=06 || fail "insmod with hex and octal values"
[ "$(cat /sys/module/rust_kprobe/parameters/maxprint)" = 16 ] || fail "maxprint=0x10 reads back wrong"
rmmod rust_kprobe
: "the next loads work"
for m in rust_kprobe rust_kretprobe rust_template; do
	insmod $M/$m.ko func=probe_target_add6 || fail "the next insmod of $m failed"
	rmmod $m
done
