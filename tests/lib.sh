# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest test cases (tests/cases), sourced by tests/ktap before each case,
# after tests/case.sh (fail, skip, note: how a case reports, the same for host cases).

M=/modules
T=/sys/kernel/debug/probe_target
# Where a case writes the KTAP of its subtests (tests/ktap sets it).
SUBTESTS=${SUBTESTS:-/tmp/subtests.ktap}

# Loads the test target module (functions with known signatures) once.
target() { [ -d $T ] || insmod $M/probe_target.ko || fail "cannot load probe_target.ko"; }

# call A0 A1 A2 A3 A4 A5: calls probe_target_add6 with these arguments; prints its result.
call() { echo "$*" > $T/call && cat $T/result; }

# Lines the kernel logged since the case started (tests/ktap clears the log before each).
log() { dmesg | sed 's/^\[[ 0-9.]*\] //'; }

# kunit_suite [--results] SUITE...: the KTAP that KUnit logged for each SUITE (run as its
# module loaded) becomes the case's subtests: tests/ktap prints $SUBTESTS, indented, before
# the case's result, so each KUnit test shows in the report. Fails unless every suite passed
# and every test it planned passed. --results reads each suite's KTAP from KUnit's debugfs
# (/sys/kernel/debug/kunit/SUITE/results) instead: a built-in suite ran at boot, before the
# case cleared the log.
kunit_suite() {
	local from=log suite planned passed failed n=0
	[ "$1" != --results ] || { from=results; shift; }
	{ echo "KTAP version 1"; echo "1..$#"; } >"$SUBTESTS"
	for suite in "$@"; do
		n=$((n + 1))
		# From the suite's indented "KTAP version 1" to its unindented result: KUnit's
		# lines, and those of our modules (a failed test's reason), not other log lines.
		{ if [ $from = log ]; then log; else cat /sys/kernel/debug/kunit/$suite/results 2>/dev/null || true; fi; } |
			awk -v suite="$suite" -v n=$n '
			/^    KTAP version 1$/ { k = 0 }
			/^[ \t]|^#|^rust_[a-z0-9_]*: / { lines[++k] = $0 }
			$0 ~ "^(not )?ok [0-9]+ " suite "( |$)" {
				for (i = 1; i <= k; i++) print lines[i]
				sub(/ok [0-9]+ /, "ok " n " "); print; exit
			}' >/tmp/suite.ktap
		[ -s /tmp/suite.ktap ] || { log | sed 's/^/#   /' | tail -20; fail "no KUnit results for suite $suite${from#log}"; }
		cat /tmp/suite.ktap >>"$SUBTESTS"
		planned=$(sed -n 's/^    1\.\.\([0-9]*\)$/\1/p' /tmp/suite.ktap | head -1)
		passed=$(grep -cE '^    ok [0-9]+ [^#]*$' /tmp/suite.ktap || true)
		failed=$(sed -n 's/^    not ok [0-9]* //p' /tmp/suite.ktap | paste -sd' ')
		note "KUnit suite $suite: $passed of ${planned:-?} tests passed${failed:+; failed: $failed}"
		grep -qE "^ok [0-9]+ $suite\$" /tmp/suite.ktap || fail "KUnit suite $suite did not pass"
		[ -n "$planned" ] && [ "$passed" = "$planned" ] || fail "KUnit suite $suite: $passed of ${planned:-?} tests passed"
	done
}

# count PATTERN: how many kernel log lines match the extended regex PATTERN.
# (grep -c prints 0 and fails when nothing matches: that is a count, not an error.)
count() { log | grep -cE "$1" || true; }

# expect_count N PATTERN: exactly N kernel log lines match PATTERN.
expect_count() {
	n=$(count "$2")
	[ "$n" = "$1" ] || { log | sed 's/^/#   /' | tail -20; fail "expected $1 lines matching '$2', got $n"; }
}

# expect_log PATTERN: some kernel log line matches PATTERN.
expect_log() {
	log | grep -qE "$1" || { log | sed 's/^/#   /' | tail -20; fail "no kernel log line matches '$1'"; }
}

# insmod_says ERRNO: what busybox insmod prints for a module whose init returned -ERRNO
# (its own text for ENOENT, else glibc's strerror).
insmod_says() {
	case $1 in
	2) echo "unknown symbol in module, or unknown parameter" ;;
	7) echo "Argument list too long" ;;
	22) echo "Invalid argument" ;;
	84) echo "Invalid or incomplete multibyte or wide character" ;;
	95) echo "Operation not supported" ;;
	99) echo "Cannot assign requested address" ;;
	*) fail "insmod_says: no text known for errno $1" ;;
	esac
}

# expect_insmod_fail ERRNO MODULE.ko [PARAM...]: insmod fails with that errno, and the
# kernel logged it.
expect_insmod_fail() {
	errno=$1
	shift
	if insmod "$@" 2>/tmp/insmod.err; then
		rmmod "$(basename "$1" .ko)"
		fail "insmod $* succeeded"
	fi
	says=$(insmod_says "$errno")
	grep -qF ": $says" /tmp/insmod.err ||
		fail "insmod $* failed with '$(cat /tmp/insmod.err)', not errno $errno ($says)"
	expect_log "returned -$errno"
}

# The probes planted when the case started (whoever owns them: the list names the probed
# function's module, not the probe's).
probes_at_start=$(cat /sys/kernel/debug/kprobes/list)

# expect_no_probes: the planted probes are those of the case's start, nothing added.
expect_no_probes() {
	now=$(cat /sys/kernel/debug/kprobes/list)
	[ "$now" = "$probes_at_start" ] ||
		fail "planted probes changed since the case started: before [$probes_at_start], now [$now]"
}

# Forks and execs N processes.
forks() { i=0; while [ $i -lt "$1" ]; do sh -c 'cat /proc/version >/dev/null'; i=$((i + 1)); done; }

# hist_from LOW < HIST: the number of values a log2 histogram (kit::stats::Hist format)
# holds in buckets whose lower bound is at least LOW.
hist_from() {
	awk -v low="$1" '/^\[/ {
		lo = $1; gsub(/[][,]/, "", lo); m = 1
		if (lo ~ /K$/) m = 1024; if (lo ~ /M$/) m = 1048576; if (lo ~ /G$/) m = 1073741824
		sub(/[KMG]$/, "", lo)
		n = ($1 == "[0]") ? $2 : $3
		if (lo * m >= low) s += n
	} END { print s + 0 }'
}

# Stress cases: how long each runs at most (tests/run --stress), and the CPUs to load.
[ -f /tests/env ] && . /tests/env
STRESS_SECS=${STRESS_SECS:-3}
NCPUS=$(grep -c ^processor /proc/cpuinfo)
rm -f /tmp/stop
# Workers stop when the case ends, also when it fails half-way.
trap 'touch /tmp/stop' EXIT

# uptime: sets $up to the seconds since boot (whole), without forking.
uptime_s() {
	read -r up _ </proc/uptime
	up=${up%.*}
}

# deadline SECONDS: sets $end to SECONDS from now; `before_end` is true until then.
deadline() {
	uptime_s
	end=$((up + $1))
}
before_end() {
	uptime_s
	[ "$up" -lt "$end" ]
}

# workers N NAME CMD...: starts N background loops running CMD until `stop_workers NAME`,
# the end of the case (also a failed one) or 10 minutes. Each loop stops at the first
# failing CMD and writes its count of successful runs and its exit status (0: stopped, not
# failed) to /tmp/w.NAME.I.n, its error output to /tmp/w.NAME.I.err. NAME: letters, digits
# and _.
workers() {
	_n=$1 _name=$2
	shift 2
	_i=0
	while [ $_i -lt "$_n" ]; do
		(
			# Not traced: the loops would flood the trace.
			set +x
			n=0 rc=0
			deadline 600
			while [ ! -e /tmp/stop ] && [ ! -e "/tmp/stop.$_name" ] && before_end; do
				"$@" || { rc=$?; break; }
				n=$((n + 1))
			done 2>"/tmp/w.$_name.$_i.err"
			echo "$n $rc" >"/tmp/w.$_name.$_i.n"
		) &
		eval "pids_$_name=\"\$pids_$_name $!\""
		_i=$((_i + 1))
	done
}

# stop_workers NAME [may-fail]: stops NAME's loops, waits for them, sets $total to their
# summed count. Fails if a loop stopped at a failing CMD, showing its error, unless
# `may-fail` is given; then $failed is the number of such loops and $errors their last
# error lines.
stop_workers() {
	touch "/tmp/stop.$1"
	eval "wait \$pids_$1"
	eval "pids_$1="
	total=0 failed=0 errors=
	for _f in /tmp/w."$1".*.n; do
		read -r _n _rc <"$_f"
		total=$((total + _n))
		[ "$_rc" = 0 ] && continue
		failed=$((failed + 1))
		errors="$errors$(tail -1 "${_f%.n}.err")
"
		echo "# $1 worker ${_f%.n}: exit $_rc after $_n runs: $(tail -1 "${_f%.n}.err")"
	done
	rm -f /tmp/w."$1".* "/tmp/stop.$1"
	[ "$failed" = 0 ] || [ "${2:-}" = may-fail ] ||
		fail "$failed of the $1 workers stopped at a failing command"
}

# expect_refcnt0 MODULE: the module is loaded and nothing holds a reference to it.
expect_refcnt0() {
	read -r r </sys/module/"$1"/refcnt || fail "$1 is not loaded"
	[ "$r" = 0 ] || fail "$1 has refcnt $r before rmmod"
}

# stat_field FILE SYMBOL N: field N of SYMBOL's line in a stats file of ours (symbol addr
# hits ...); 3 is the hits.
stat_field() { awk -v s="$2" -v n="$3" '$1 == s { print $n }' "$1"; }

# profile EVENT: "hits misses" of a kprobe event in /sys/kernel/tracing/kprobe_profile.
profile() { awk -v e="$1" '$1 == e { print $2, $3 }' /sys/kernel/tracing/kprobe_profile; }

# drain: moves what the kernel logged since the last drain (or the case's start) to
# /tmp/drained, for cases that log more than the kernel's log buffer holds.
drain() { dmesg -c | sed 's/^\[[ 0-9.]*\] //' >/tmp/drained; }

# drained_hits: the hits in rust_kprobe's unload summary in /tmp/drained ("-" if none, or
# if it reports missed hits).
drained_hits() {
	sed -n 's/^rust_kprobe: kprobe at 0x[0-9a-f]* unregistered, \([0-9]*\) hits, 0 missed$/\1/p' \
		/tmp/drained | grep . || echo -
}

# rmmod_busy MIN MAX PAUSE: load/unload cycles of a module while the case's workers keep its
# handlers busy. `load I` (the case's) loads the module for cycle I and sets $m to its name;
# PAUSE seconds later nothing may hold a reference to it, it is unloaded, and `unloaded I`
# (the case's) checks what the kernel logged meanwhile (/tmp/drained): it fails the case on
# a bad unload, and returns 0 when handlers were at work, else 1. At least MIN cycles, then
# more until MAX or the case's deadline (`deadline`). Sets $cycles, and $busy (the cycles
# whose handlers were at work); fails when none was.
rmmod_busy() {
	cycles=0 busy=0
	while [ $cycles -lt "$2" ] && { [ $cycles -lt "$1" ] || before_end; }; do
		load $cycles
		sleep "$3"
		expect_refcnt0 "$m"
		rmmod "$m" || fail "rmmod $m (cycle $cycles)"
		drain
		if unloaded $cycles; then busy=$((busy + 1)); fi
		cycles=$((cycles + 1))
	done
	[ "$busy" -gt 0 ] || fail "none of $cycles unloads saw handlers at work"
}

# rmmod_asleep MODULE: unloads MODULE, which probes hrtimer_nanosleep, while tasks sleep in
# it (2 per CPU, in `sleep`): they must still be asleep at the rmmod, and then wake and
# return normally, past a probe that is gone. Sets $sleepers.
rmmod_asleep() {
	sleepers=$((NCPUS * 2))
	# Long enough for the sleepers to be still asleep at the rmmod on a slow guest (the
	# debug kernel on 4 vCPUs of a busy host took over 2 s to start them).
	nap=6
	rm -f /tmp/woke
	: "tasks asleep in the probed function"
	_i=0
	while [ $_i -lt $sleepers ]; do
		(sleep $nap && echo "woke $_i" >>/tmp/woke) &
		_i=$((_i + 1))
	done
	sleep 1
	: "rmmod while they sleep; they wake and return normally"
	expect_refcnt0 "$1"
	rmmod "$1" || fail "rmmod with calls in flight"
	[ ! -s /tmp/woke ] || fail "$(wc -l </tmp/woke) sleepers woke before the rmmod: a ${nap}s nap is too short here"
	wait
	[ "$(wc -l </tmp/woke)" = $sleepers ] || fail "only $(wc -l </tmp/woke) of $sleepers sleepers returned"
	rm -f /tmp/woke
}
