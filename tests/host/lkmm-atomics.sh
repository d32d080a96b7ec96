# description: the layer's handler state uses the kernel's atomics (kernel::sync::atomic, LKMM), not core::sync::atomic
cd "$TOP"
# Files whose core atomics another change converts: none left.
pending=""
found=0
for f in rust/kernel/kprobes/*.rs kit/*.rs kit/*/*.rs; do
	case " $pending " in *" $f "*) continue ;; esac
	if grep -n 'core::sync::atomic\|sync::atomic::{[^}]*Atomic[A-Z]\|\bAtomic\(Bool\|[IU]\(8\|16\|32\|64\|size\)\)\b' "$f"; then
		echo "$f: core atomics"; found=1
	fi
done
[ $found = 0 ] || fail "core atomics in the layer"
echo "ok: no core::sync::atomic in rust/kernel/kprobes/ and kit/${pending:+ (but: $pending)}"
