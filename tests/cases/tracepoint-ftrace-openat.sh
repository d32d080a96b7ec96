# description: rust_opensnoop under open load on every CPU logs an openat for exactly the system calls that ftrace's raw_syscalls:sys_enter records with the openat number, process by process
# requires: /sys/kernel/tracing/events/raw_syscalls/sys_enter/filter
tr=/sys/kernel/tracing
case $(uname -m) in
x86_64) nr=257 ;;
aarch64 | riscv64) nr=56 ;;
*) skip "no openat number known for $(uname -m)" ;;
esac
# This shell's pid ($$ is its parent's in a subshell): its own opens at the edges of the
# window (of the files it writes to) are left out.
read -r self _ </proc/self/stat
# The trace buffer's size, restored at the end with the events off, also when the case fails.
read -r kb rest <$tr/buffer_size_kb
case $rest in *expanded*) kb=${rest##*: } kb=${kb%)} ;; esac
trap 'touch /tmp/stop; echo 0 >$tr/events/raw_syscalls/sys_enter/enable; echo 0 >$tr/events/raw_syscalls/sys_enter/filter; echo $kb >$tr/buffer_size_kb' EXIT
echo 4096 >$tr/buffer_size_kb
echo "id == $nr" >$tr/events/raw_syscalls/sys_enter/filter
: "our module and ftrace record the same window"
insmod $M/rust_opensnoop.ko || fail "insmod"
echo >$tr/trace
echo "rktest: start" >/dev/kmsg
echo 1 >$tr/events/raw_syscalls/sys_enter/enable
i=0
while [ $i -lt "$NCPUS" ]; do
	forks 25 &
	i=$((i + 1))
done
wait
echo 0 >$tr/events/raw_syscalls/sys_enter/enable
echo "rktest: end" >/dev/kmsg
rmmod rust_opensnoop
echo 0 >$tr/events/raw_syscalls/sys_enter/filter
: "the same openat calls, process by process"
log | sed -n '/^rktest: start$/,/^rktest: end$/p' |
	sed -n 's/^rust_opensnoop: .*\[\([0-9]*\)\] openat .*/\1/p' | grep -vx "$self" | sort >/tmp/ours
grep -v '^#' $tr/trace >/tmp/ftrace
grep -qi 'lost' /tmp/ftrace && fail "ftrace lost events"
sed -n "s/^.*-\([0-9]*\) *\[[0-9]*\] .* sys_enter: NR $nr (.*/\1/p" /tmp/ftrace | grep -vx "$self" | sort >/tmp/theirs
ours=$(wc -l </tmp/ours) theirs=$(wc -l </tmp/theirs)
note "$ours openat calls logged by us, $theirs recorded by ftrace"
[ "$ours" -ge $((NCPUS * 25)) ] || fail "$ours openat calls logged for $((NCPUS * 25)) cats"
if ! cmp -s /tmp/ours /tmp/theirs; then
	diff /tmp/theirs /tmp/ours | head -10 | sed 's/^/# /'
	fail "the processes of our openat calls differ from ftrace's (- ftrace, + ours)"
fi
