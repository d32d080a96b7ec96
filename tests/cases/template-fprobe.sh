# description: the fprobe template (scripts/new-probe --kind fprobe) loads and logs kernel_clone's returns: the children's pids
awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms || skip "this kernel has no fprobes (CONFIG_FPROBE)"
: "three forks of this shell, their children's pids kept"
insmod $M/rust_template_fprobe.ko || fail "insmod"
pids=
for i in 1 2 3; do
	true &
	pids="$pids $!"
	wait
done
rmmod rust_template_fprobe
: "each fork's kernel_clone logged returning the child's pid, all counted at unload"
for pid in $pids; do
	expect_count 1 "^rust_template_fprobe: kernel_clone returned $pid after [0-9]+ ns\$"
done
calls=$(log | sed -n 's/^rust_template_fprobe: kernel_clone: \([0-9]*\) calls$/\1/p')
[ -n "$calls" ] || fail "no count at unload"
[ "$calls" -ge 3 ] || fail "$calls calls counted at unload, for 3 forks"
