# description: rust_tracepoint on sched_process_exec, _fork and _exit under fork/exec load on every CPU logs exactly the events ftrace records for the same tracepoint, field for field
# requires: /sys/kernel/tracing/events/sched/sched_process_exec/enable /sys/kernel/tracing/events/sched/sched_process_fork/enable /sys/kernel/tracing/events/sched/sched_process_exit/enable
tr=/sys/kernel/tracing
# The trace buffer's size, restored at the end with the events off, also when the case fails.
read -r kb rest <$tr/buffer_size_kb
case $rest in *expanded*) kb=${rest##*: } kb=${kb%)} ;; esac
trap 'touch /tmp/stop; echo 0 >$tr/events/sched/enable; echo $kb >$tr/buffer_size_kb' EXIT
echo 4096 >$tr/buffer_size_kb
# The kernel threads fork and exit at their own pace, also at the edges of the window in
# which both record: left out of the comparison (the count of all is compared too).
kthreads='comm=(kthreadd|kworker/[^ ]*) '
# fields SOURCE: the fields of the event lines of $tp from SOURCE, sorted.
fields() { sed -n "s/^.* $tp: //p" "$1" | grep -vE "$kthreads" | sort; }
for tp in sched_process_exec sched_process_fork sched_process_exit; do
	: "$tp: our module and ftrace record the same window"
	insmod $M/rust_tracepoint.ko tp=$tp maxprint=0 || fail "insmod tp=$tp"
	echo >$tr/trace
	# From here to the end mark the shell runs builtins only: it neither forks nor execs.
	echo "rktest: start $tp" >/dev/kmsg
	echo 1 >$tr/events/sched/$tp/enable
	i=0
	while [ $i -lt "$NCPUS" ]; do
		forks 25 &
		i=$((i + 1))
	done
	wait
	echo 0 >$tr/events/sched/$tp/enable
	echo "rktest: end $tp" >/dev/kmsg
	rmmod rust_tracepoint
	: "$tp: the same events, with the same fields"
	log | sed -n "/^rktest: start $tp\$/,/^rktest: end $tp\$/p" | grep "^rust_tracepoint: $tp: " >/tmp/ours
	grep -v '^#' $tr/trace >/tmp/ftrace
	grep -q 'LOST\|lost' /tmp/ftrace && fail "ftrace lost events: $(grep -i lost /tmp/ftrace | head -1)"
	fields /tmp/ours >/tmp/ours.f
	fields /tmp/ftrace >/tmp/ftrace.f
	ours=$(wc -l </tmp/ours.f) theirs=$(wc -l </tmp/ftrace.f)
	note "$tp: $ours events ($(wc -l </tmp/ours) with kernel threads') logged by us, $theirs ($(grep -c " $tp: " /tmp/ftrace)) by ftrace"
	[ "$ours" -ge $((NCPUS * 25)) ] || fail "$tp: $ours events for $((NCPUS * 25)) forks and execs"
	if ! cmp -s /tmp/ours.f /tmp/ftrace.f; then
		diff /tmp/ftrace.f /tmp/ours.f | head -10 | sed 's/^/# /'
		fail "$tp: our events differ from ftrace's (- ftrace, + ours)"
	fi
done
