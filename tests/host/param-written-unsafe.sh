# description: OnParamWrite::param_written, which assumes the parameter lock held, cannot be called from safe code
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
copy_tree "$tmp"
cd "$tmp"
m=rust_kprobe.rs
# Only this module (and the bindings) is built.
build() { make -s ARCH="$ARCH_NAME" VARIANT="$VARIANT" rust_kprobe.ko >build.log 2>&1; }

: "the module builds as it is"
build || { tail -30 build.log; fail "rust_kprobe did not build"; }

: "arming the probes through param_written, without the parameter lock, is refused"
# It would read PROBES while an insmod installs it or rmmod takes it out, under the lock.
cat >>$m <<'EOF'

#[allow(dead_code)]
fn race() -> Result {
    kit::toggle::OnParamWrite::param_written(&PROBES, true)
}
EOF
if build; then
	fail "param_written built from safe code: it can race install and take"
fi
if ! grep -q '^error\[E0133\]: call to unsafe function .*param_written.* is unsafe' build.log ||
	! grep -q "$m" build.log; then
	tail -30 build.log; fail "not refused as a call to an unsafe function"
fi
echo "ok: refused: $(grep -m1 '^error\[E0133\]' build.log)"
