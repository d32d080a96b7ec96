# description: a typed probe's prototype is checked against the kernel's C declaration: wrong ones do not build
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
copy_tree "$tmp"
cd "$tmp"
ex=examples/rust_inet_bind.rs
good=$(cat $ex)
# Only this module (and the bindings) is built.
build() { make -s ARCH="$ARCH_NAME" VARIANT="$VARIANT" examples/rust_inet_bind.ko >build.log 2>&1; }

: "the right prototype builds, with one of a function the kernel does not export"
# The check is done by the compiler alone: the module must not refer to the functions,
# or modpost would refuse kernel_clone (not exported).
cat >>$ex <<'EOF'

kit::typed::prototype! {
    #[header = "linux/sched/task.h"]
    struct KernelClone = fn kernel_clone(kargs: *mut kernel::bindings::kernel_clone_args) -> c_int;
}
EOF
build || { tail -30 build.log; fail "the right prototypes did not build"; }
grep -q 'pub fn kernel_clone ' kit/bindings_generated.rs ||
	fail "bindgen did not declare kernel_clone"
undefined=$(nm -u examples/rust_inet_bind.ko)
if echo "$undefined" | grep -wE 'inet_bind|kernel_clone'; then
	fail "the module refers to the probed functions"
fi
echo "ok: the right prototypes build; the module refers to neither function"

# refused WHAT FROM TO: the prototype with FROM replaced by TO fails to build, with rustc's
# type mismatch naming inet_bind, in this module.
refused() {
	echo "$good" | sed "s/$2/$3/" >$ex
	! cmp -s <(echo "$good") $ex || fail "$1: the replacement did not apply"
	if build; then
		fail "$1: the wrong prototype built"
	fi
	if ! grep -q '^error\[E0308\]: mismatched types' build.log ||
		! grep -qE 'found fn item .*\{kit::bindings::inet_bind\}' build.log ||
		! grep -q "$ex" build.log; then
		tail -30 build.log; fail "$1: not refused for its prototype"
	fi
	echo "ok: $1 refused: $(grep -oE '(expected|found) fn (pointer|item) .*' build.log | tr '\n' ' ')"
}

: "a wrong prototype is refused by the compiler, whatever is wrong in it"
refused "struct sockaddr *, as older kernels declare it" \
	'uaddr: \*mut sockaddr_unsized,' 'uaddr: *mut kernel::bindings::sockaddr,'
refused "an unsigned addr_len" 'addr_len: c_int,' 'addr_len: c_uint,'
refused "an argument missing" 'addr_len: c_int,' ''
refused "a long return value" ') -> c_int;' ') -> c_long;'
