# SPDX-License-Identifier: GPL-2.0
# What every test case runs with, guest (tests/cases, sourced by tests/ktap) or host
# (tests/host, sourced by tests/run): how a case reports. A case exits 0 to pass, 4 to skip
# (kselftest's KSFT_SKIP, through `skip`, which says why), anything else to fail. Cases run
# under `set -e`: any failing command fails the case, unless it is tested (`if`, `||`,
# `&&`); label the steps with `: "what this step does"`. What a case prints becomes KTAP
# comments (`# ...`) of its result. POSIX sh: the guest runs it with busybox.

fail() { echo "# FAIL: $*"; exit 1; }
skip() { echo "# SKIP: $*"; exit 4; }
note() { echo "# $*"; }

# For the drivers: case_comments OUT prints what a case printed (the file OUT) as KTAP
# comments; case_skip_reason OUT the reason it gave for skipping, if any (an exit status 4
# without one is a failure: a failing command may return 4).
case_comments() { sed 's/^\([^#]\)/# \1/; s/^$/#/' "$1"; }
case_skip_reason() { sed -n 's/^# SKIP: //p' "$1" | head -1; }
