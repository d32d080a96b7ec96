# description: when the kernel fails to unregister our kprobe or kretprobe (its ftrace-ops bug: a C probe with a post handler joined ours at a function entry and left), the module says so, leaks what the kernel still reaches, and the function is then called without an oops after rmmod
# Its own guest: the kernel's failure leaves its kprobe-on-ftrace state broken for the rest
# of the boot (a count below zero, a probe armed for good), and warns (a splat vm-run fails).
[ "$ARCH_NAME" = x86_64 ] || skip "kprobes on ftrace (the failing path) are x86_64's"
example=$(kdir "$ARCH_NAME" "$VARIANT")/samples/kprobes/kprobe_example.ko
[ -f "$example" ] || skip "no $example (CONFIG_SAMPLE_KPROBES)"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$example" "$tmp/"
cat >"$tmp/guest.sh" <<'EOT'
T=/sys/kernel/debug/probe_target
say() { echo "unregister-fails: $*"; }
insmod /modules/probe_target.ko
# join PROBE-MODULE FUNCTION [PARAM...]: our PROBE-MODULE on FUNCTION, then kprobe_example
# (a C post handler) joins it and leaves; then ours leaves, which the kernel fails.
join() {
	m=$1 f=$2
	shift 2
	insmod /modules/$m.ko func=$f maxprint=0 "$@"
	grep -q "\[FTRACE\]" /sys/kernel/debug/kprobes/list || say "skip: $f is not probed through ftrace"
	insmod /kprobe_example.ko symbol=$f
	echo "1 2 3 4 5 6" >$T/call
	echo 3 >$T/loop_ref
	rmmod kprobe_example
	rmmod $m
	say "$m left"
	: "the function, still probed by the kernel, is called after our module is gone"
	echo "1 2 3 4 5 6" >$T/call
	echo 3 >$T/loop_ref
	say "$f called after rmmod $m"
}
join rust_kprobe probe_target_add6
join rust_kretprobe probe_target_ref6 skip_kthreads=0
say done
EOT
rc=0
"$TOP/scripts/vm-run" --arch "$ARCH_NAME" --variant "$VARIANT" --add "$tmp/kprobe_example.ko" \
	--log "$tmp/log" "$tmp/guest.sh" >/dev/null 2>&1 || rc=$?
tr -d '\r' <"$tmp/log" | sed 's/^\[[ 0-9.]*\] //' >"$tmp/clean"
grep -E '^unregister-fails: |^rust_k(ret)?probe: .*(leak|unregister)|Failed to disarm|BUG:|Oops|Unable to handle' \
	"$tmp/clean" | head -20
# fail_log MESSAGE: fails, with the end of the guest's log.
fail_log() { tail -40 "$tmp/clean"; fail "$@"; }
grep -q '^unregister-fails: skip' "$tmp/clean" && skip "$(sed -n 's/^unregister-fails: skip: //p' "$tmp/clean" | head -1)"
grep -q '^unregister-fails: done' "$tmp/clean" || fail_log "the guest did not get to the end (vm-run exit $rc)"
# Without the failure (a kernel with the fix, `make patches` patch 8) there is nothing to see.
grep -q 'Failed to disarm kprobe-ftrace' "$tmp/clean" ||
	skip "this kernel unregistered our probes (no 'Failed to disarm kprobe-ftrace')"
# The kernel's warning (WARN_ONCE in __disarm_kprobe_ftrace()), and no other splat.
splats=$(grep -E 'BUG:|WARNING:|Oops|Unable to handle kernel|KASAN|general protection' "$tmp/clean" |
	grep -vE '^WARNING: kernel/kprobes\.c:[0-9]+ at disarm_kprobe_ftrace\+' || true)
[ -z "$splats" ] || fail_log "a splat besides the kernel's own disarm warning: $splats"
for m in rust_kprobe rust_kretprobe; do
	grep -qE "^$m: .*could not be unregistered.*leak" "$tmp/clean" || fail_log "$m did not say it leaked its probe"
done
echo "both probes' failed unregistration reported and leaked; no oops after rmmod"
