# description: module_params::SyncStatic makes only the kernel's kparam_string shareable: a static Cell through it does not build
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
copy_tree "$tmp"
cd "$tmp"
ex=examples/rust_template.rs
# Only this module (and the bindings) is built.
build() { make -s ARCH="$ARCH_NAME" VARIANT="$VARIANT" examples/rust_template.ko >build.log 2>&1; }

: "the module builds as it is"
build || { tail -30 build.log; fail "rust_template did not build"; }

: "a Cell shared by every CPU through SyncStatic, from safe code, is refused"
cat >>$ex <<'EOF'

/// A `Cell` every CPU may reach at once: a data race, in safe code.
static RACY: kit::module_params::SyncStatic<core::cell::Cell<u64>> =
    kit::module_params::SyncStatic(core::cell::Cell::new(0));

#[allow(dead_code)]
fn race() {
    RACY.0.set(RACY.0.get() + 1);
}
EOF
if build; then
	fail "a static SyncStatic<Cell<u64>> built: safe code can race on it"
fi
if ! grep -qE '^error\[E0277\]: `[^`]*Cell<u64>[^`]*` cannot be shared between threads safely' build.log ||
	! grep -q "$ex" build.log; then
	tail -30 build.log; fail "not refused for sharing the Cell"
fi
echo "ok: refused: $(grep -m1 '^error\[E0277\]' build.log)"
