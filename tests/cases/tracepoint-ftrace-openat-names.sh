# description: rust_opensnoop under open load on every CPU logs the same openat calls as ftrace's syscalls:sys_enter_openat/sys_exit_openat events (CONFIG_FTRACE_SYSCALLS, which read the file name from user memory too), process, file name and result alike
# requires: /sys/kernel/tracing/events/syscalls/sys_enter_openat/enable /sys/kernel/tracing/events/syscalls/sys_exit_openat/enable
tr=/sys/kernel/tracing
ev=$tr/events/syscalls
# This shell's pid: its own opens at the edges of the window are left out.
read -r self _ </proc/self/stat
# The trace buffer's size, restored at the end with the events off, also when the case fails.
read -r kb rest <$tr/buffer_size_kb
case $rest in *expanded*) kb=${rest##*: } kb=${kb%)} ;; esac
trap 'touch /tmp/stop; echo 0 >$ev/sys_enter_openat/enable; echo 0 >$ev/sys_exit_openat/enable; echo $kb >$tr/buffer_size_kb' EXIT
echo 4096 >$tr/buffer_size_kb
: "our module and ftrace record the same window"
insmod $M/rust_opensnoop.ko || fail "insmod"
echo >$tr/trace
echo "rktest: start" >/dev/kmsg
echo 1 >$ev/sys_enter_openat/enable
echo 1 >$ev/sys_exit_openat/enable
i=0
while [ $i -lt "$NCPUS" ]; do
	(
		j=0
		while [ $j -lt 20 ]; do
			cat /proc/version /no/such/file >/dev/null 2>&1 || true
			j=$((j + 1))
		done
	) &
	i=$((i + 1))
done
wait
echo 0 >$ev/sys_enter_openat/enable
echo 0 >$ev/sys_exit_openat/enable
echo "rktest: end" >/dev/kmsg
rmmod rust_opensnoop
: "the same calls: pid, file name and result"
# Ours: "cat[42] openat /proc/version flags=0x0 = 3" -> "42 /proc/version 3".
log | sed -n '/^rktest: start$/,/^rktest: end$/p' |
	sed -n 's/^rust_opensnoop: .*\[\([0-9]*\)\] openat \(.*\) flags=0x[0-9a-f]* = \(-*[0-9]*\).*/\1 \2 \3/p' |
	grep -v "^$self " | sort >/tmp/ours
# ftrace's: "cat-42 [001] ..... 4.48: sys_openat(dfd: ..., filename: 421018496 "/dev/null", ...)"
# then "cat-42 [001] ..... 4.49: sys_openat -> 0x3" (an error as 0xff...fe: -2).
grep -v '^#' $tr/trace >/tmp/ftrace
grep -qi 'lost' /tmp/ftrace && fail "ftrace lost events"
awk '
	match($0, /-[0-9]+ +\[[0-9]+\]/) { pid = substr($0, RSTART + 1, RLENGTH); sub(/ .*/, "", pid) }
	/ sys_openat\(/ { name[pid] = $0; sub(/^[^"]*"/, "", name[pid]); sub(/", flags: .*/, "", name[pid]) }
	/ sys_openat -> 0x/ {
		hex = $NF; sub(/^0x/, "", hex)
		if (length(hex) == 16) {
			# A negative errno: from its last four hex digits.
			v = 0; h = substr(hex, 13)
			for (k = 1; k <= 4; k++) v = v * 16 + index("0123456789abcdef", substr(h, k, 1)) - 1
			ret = v - 65536
		} else {
			ret = 0
			for (k = 1; k <= length(hex); k++) ret = ret * 16 + index("0123456789abcdef", substr(hex, k, 1)) - 1
		}
		if (pid in name) print pid, name[pid], ret
		delete name[pid]
	}' /tmp/ftrace | grep -v "^$self " | sort >/tmp/theirs
ours=$(wc -l </tmp/ours) theirs=$(wc -l </tmp/theirs)
note "$ours openat calls logged by us, $theirs recorded by ftrace"
[ "$ours" -ge $((NCPUS * 20 * 2)) ] || fail "$ours openat calls logged for $((NCPUS * 20 * 2)) opens"
grep -q ' /no/such/file -2$' /tmp/ours || fail "no failed open logged as -2"
if ! cmp -s /tmp/ours /tmp/theirs; then
	diff /tmp/theirs /tmp/ours | head -10 | sed 's/^/# /'
	fail "our openat calls differ from ftrace's (- ftrace, + ours)"
fi
