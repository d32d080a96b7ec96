# description: four modules loading at once, some on an ambiguous name and some on a unique one, round after round: every ambiguous load fails with EADDRNOTAVAIL, every unique one loads
# requires: /sys/kernel/tracing/kprobe_events /sys/kernel/tracing/available_filter_functions
target
: "A duplicated name of traceable functions, as in bad-ambiguous-symbol"
awk '$2 ~ /^[tT]$/ && NF == 3 { print $3 }' /proc/kallsyms | sort | uniq -d >/tmp/dups
awk '{ print $2 }' /sys/kernel/debug/kprobes/blacklist >/tmp/blacklisted
amb=$(grep -xFf /tmp/dups /sys/kernel/tracing/available_filter_functions | grep -vxFf /tmp/blacklisted |
	grep -v '^_' | head -1)
[ -n "$amb" ] || skip "no duplicate name of traceable functions in this kernel"
uniq=probe_target_add6
mods="rust_kprobe rust_kretprobe rust_template rust_funclatency"
note "ambiguous: $amb ($(awk -v s="$amb" '$3 == s' /proc/kallsyms | wc -l) functions), unique: $uniq"

: "One load alone: how many error lines a failed insmod logs (busybox insmod retries with init_module)"
insmod $M/rust_kprobe.ko func=$amb 2>/dev/null && { rmmod rust_kprobe; fail "rust_kprobe loaded on the ambiguous $amb"; }
per=$(count "^rust_kprobe: register_kprobe failed, returned -99: $amb: the name is ambiguous")
[ "$per" -ge 1 ] || fail "no error line for the ambiguous $amb"
dmesg -c >/dev/null

: "Meanwhile a kprobe event on the ambiguous functions comes and goes, under the name the check"
: "once used for all loads: a check sharing it with others would be told EEXIST and see nothing"
tr=/sys/kernel/tracing
addrs=$(awk -v s="$amb" '$3 == s && $2 ~ /^[tT]$/ { print "0x" $1 }' /proc/kallsyms)
churn() {
	for a in $addrs; do echo "p:kprobes/rust_kprobes_check $a" >>$tr/kprobe_events; done 2>/dev/null
	echo "-:kprobes/rust_kprobes_check" >>$tr/kprobe_events 2>/dev/null
	true
}
workers 1 churn churn

: "Rounds: module i probes the ambiguous name when i + round is even, the unique one otherwise"
load() {
	if insmod $M/$1.ko func=$2 2>/dev/null; then echo ok >/tmp/amb.$1; else echo failed >/tmp/amb.$1; fi
}
deadline "$STRESS_SECS"
round=0
while before_end || [ $round -lt 4 ]; do
	i=0 pids=
	for m in $mods; do
		if [ $(((i + round) % 2)) = 0 ]; then f=$amb; else f=$uniq; fi
		eval "want_$m=\$f"
		load $m $f &
		pids="$pids $!"
		i=$((i + 1))
	done
	wait $pids
	for m in $mods; do
		eval "f=\$want_$m"
		read -r got </tmp/amb.$m
		if [ "$f" = "$amb" ]; then
			[ "$got" = failed ] || { rmmod $m; fail "round $round: $m loaded on the ambiguous $amb"; }
			eval "namb_$m=\$((\${namb_$m:-0} + 1))"
		else
			[ "$got" = ok ] || fail "round $round: $m failed on the unique $uniq: $(log | grep "^$m: " | tail -1)"
			rmmod $m || fail "round $round: rmmod $m"
		fi
	done
	round=$((round + 1))
done
stop_workers churn
note "$total times the event was created and deleted meanwhile"
[ "$total" -gt 0 ] || fail "no kprobe event created meanwhile"
note "$round rounds of $(echo $mods | wc -w) parallel loads in ${STRESS_SECS}s at most"

: "Each ambiguous load logged one error with the errno and the cause, and nothing else failed"
for m in $mods; do
	eval "n=\$((\${namb_$m:-0} * per))"
	expect_count "$n" "^$m: register_k(ret)?probe failed, returned -99: $amb: the name is ambiguous"
done
total=$(count 'failed, returned')
[ "$total" = "$((round * 2 * per))" ] || fail "$total failure lines for $((round * 2)) ambiguous loads"
grep -q . /sys/kernel/tracing/kprobe_events && fail "kprobe events left: $(cat /sys/kernel/tracing/kprobe_events)"
expect_no_probes
