# description: a tracepoint's prototype is checked against the kernel's TP_PROTO at build time: wrong ones, and tracepoints the kernel does not declare, do not build
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
copy_tree "$tmp"
cd "$tmp"
m=rust_tracepoint.rs
# Only this module (and the bindings) is built.
build() { make -s ARCH="$ARCH_NAME" VARIANT="$VARIANT" rust_tracepoint.ko >build.log 2>&1; }

: "the right prototype of a tracepoint a module declares itself builds"
# sched_switch: TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next,
# unsigned int prev_state), include/trace/events/sched.h.
cat >>$m <<'EOT'

kit::tracepoint::declare! {
    #[header = "trace/events/sched.h"]
    struct SchedSwitch = tracepoint sched_switch(
        preempt: bool,
        prev: *mut kernel::bindings::task_struct,
        next: *mut kernel::bindings::task_struct,
        prev_state: c_uint,
    );
}
EOT
good=$(cat $m)
build || { tail -30 build.log; fail "the right prototype did not build"; }
grep -q 'pub fn __traceiter_sched_switch ' kit/bindings_generated.rs ||
	fail "bindgen did not declare __traceiter_sched_switch"
# The check is the compiler's alone: the module refers to no tracepoint symbol, which the
# kernel does not export.
if nm -u rust_tracepoint.ko | grep -E '__traceiter_|__tracepoint_'; then
	fail "the module refers to tracepoint symbols"
fi
echo "ok: the right prototype builds; the module refers to no tracepoint symbol"

# refused WHAT FROM TO: the declaration with FROM replaced by TO fails to build, with rustc's
# type mismatch naming __traceiter_sched_switch, in this module.
refused() {
	echo "$good" | sed "s/$2/$3/" >$m
	! cmp -s <(echo "$good") $m || fail "$1: the replacement did not apply"
	if build; then
		fail "$1: the wrong prototype built"
	fi
	if ! grep -q '^error\[E0308\]: mismatched types' build.log ||
		! grep -qE 'found fn item .*\{kit::bindings::__traceiter_sched_switch\}' build.log ||
		! grep -q "$m" build.log; then
		tail -30 build.log; fail "$1: not refused for its prototype"
	fi
	echo "ok: $1 refused: $(grep -oE '(expected|found) fn (pointer|item) .*' build.log | tr '\n' ' ')"
}

: "a wrong prototype is refused by the compiler, whatever is wrong in it"
refused "a signed prev_state" 'prev_state: c_uint,' 'prev_state: c_int,'
refused "an argument missing" '        preempt: bool,' ''
refused "a const task pointer" 'next: \*mut kernel' 'next: *const kernel'
refused "an argument too many" 'prev_state: c_uint,' 'prev_state: c_uint, cpu: c_int,'

: "a tracepoint the headers do not declare is refused too"
echo "$good" | sed 's/tracepoint sched_switch(/tracepoint sched_no_such_event(/' >$m
if build; then
	fail "an undeclared tracepoint built"
fi
grep -qE '^error\[E0425\]: cannot find value `__traceiter_sched_no_such_event`' build.log ||
	{ tail -30 build.log; fail "the undeclared tracepoint was not refused for its name"; }
echo "ok: an undeclared tracepoint refused: $(grep -m1 '^error' build.log)"
