# description: an fprobe glob attaches to exactly the functions available_filter_functions lists for it (not the notrace one), and counts each one's calls
awk '$3 == "register_fprobe" { f = 1 } END { exit !f }' /proc/kallsyms || skip "this kernel has no fprobes (CONFIG_FPROBE)"
target
AF=/sys/kernel/tracing/available_filter_functions
S=/sys/kernel/debug/rust_fprobe/stats
# functions GLOB: the names ftrace lists for GLOB, sorted.
functions() { awk -v re="^$(echo "$1" | sed 's/\*/.*/g')\$" '$1 ~ re { print $1 }' $AF | sort; }
# attached: the names rust_fprobe's stats list, sorted.
attached() { awk '$2 ~ /^0x/ { print $1 }' $S | sort; }
for glob in 'probe_target_*' 'vfs_*'; do
	: "the fprobe on $glob is on the functions ftrace lists, no more, no less"
	functions "$glob" >/tmp/want
	[ -s /tmp/want ] || skip "available_filter_functions lists nothing for $glob"
	insmod $M/rust_fprobe.ko "funcs=$glob" maxprint=1 || fail "insmod funcs=$glob"
	attached >/tmp/got
	note "$glob: $(wc -l </tmp/want) functions listed, $(wc -l </tmp/got) attached"
	cmp -s /tmp/want /tmp/got || { diff /tmp/want /tmp/got | head -20 | sed 's/^/# /'; fail "$glob: attached to other functions than ftrace lists"; }
	[ "$(sed -n 2p $S)" = "$(wc -l </tmp/want) 0" ] || fail "$glob: the stats' count is not $(wc -l </tmp/want) functions, 0 missed"
	expect_log "^rust_fprobe: Planted fprobe on $(echo "$glob" | sed 's/\*/\\*/'): $(wc -l </tmp/want) functions\$"
	if [ "$glob" = 'probe_target_*' ]; then
		: "the notrace function matches the glob but is not attached; calls are counted where they land"
		awk '$3 == "probe_target_notrace" { f = 1 } END { exit !f }' /proc/kallsyms || fail "probe_target_notrace is not in kallsyms"
		! grep -qx probe_target_notrace /tmp/got || fail "attached to the notrace function"
		call 1 2 3 4 5 6 >/dev/null
		echo 2 > $T/nest
		echo 5 > $T/notrace
		[ "$(awk '$1 == "probe_target_add6" { print $3 }' $S)" = 1 ] || fail "probe_target_add6: not 1 hit"
		[ "$(awk '$1 == "probe_target_nest" { print $3 }' $S)" = 3 ] || fail "probe_target_nest: not 3 hits"
		[ "$(awk '$1 == "probe_target_delay" { print $3 }' $S)" = 0 ] || fail "probe_target_delay: not 0 hits"
	fi
	rmmod rust_fprobe
done
