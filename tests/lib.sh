# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest test cases (sourced by tests/ktap before each case).
# A case exits 0 to pass, 4 to skip (kselftest's KSFT_SKIP), anything else to fail.

M=/modules
T=/sys/kernel/debug/probe_target

fail() { echo "# FAIL: $*"; exit 1; }
skip() { echo "# SKIP: $*"; exit 4; }
note() { echo "# $*"; }

# Loads the test target module (functions with known signatures) once.
target() { [ -d $T ] || insmod $M/probe_target.ko || fail "cannot load probe_target.ko"; }

# call A0 A1 A2 A3 A4 A5: calls probe_target_add6 with these arguments; prints its result.
call() { echo "$*" > $T/call && cat $T/result; }

# Lines the kernel logged since the case started (tests/ktap clears the log before each).
log() { dmesg | sed 's/^\[[ 0-9.]*\] //'; }

# count PATTERN: how many kernel log lines match the extended regex PATTERN.
count() { log | grep -cE "$1"; }

# expect_count N PATTERN: exactly N kernel log lines match PATTERN.
expect_count() {
	n=$(count "$2")
	[ "$n" = "$1" ] || { log | sed 's/^/#   /' | tail -20; fail "expected $1 lines matching '$2', got $n"; }
}

# expect_log PATTERN: some kernel log line matches PATTERN.
expect_log() {
	log | grep -qE "$1" || { log | sed 's/^/#   /' | tail -20; fail "no kernel log line matches '$1'"; }
}

# expect_fail ERRNO CMD...: CMD fails, and the kernel logged that errno.
expect_insmod_fail() {
	errno=$1
	shift
	insmod "$@" 2>/dev/null && { rmmod "$(basename "$1" .ko)"; fail "insmod $* succeeded"; }
	expect_log "returned -$errno"
}

# Nothing of ours is left planted.
expect_no_probes() {
	if grep -E 'rust_|probe_target' /sys/kernel/debug/kprobes/list 2>/dev/null | grep -vq '^$'; then
		fail "probes left in /sys/kernel/debug/kprobes/list: $(cat /sys/kernel/debug/kprobes/list)"
	fi
}

# Forks and execs N processes.
forks() { i=0; while [ $i -lt "$1" ]; do sh -c 'cat /proc/version >/dev/null'; i=$((i + 1)); done; }

# hist_from LOW < HIST: the number of values a log2 histogram (kprobes::stats::Hist format)
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
