# description: rust_uprobe refuses a missing file, a directory, a relative path, an offset past the end of the file, a misaligned offset (arm64, riscv64), no path, a negative pid and bad USDT specs, naming the problem; the next insmod works
# requires: /etc/uprobe_target.env
. /etc/uprobe_target.env
: "a missing file: ENOENT"
expect_insmod_fail 2 $M/rust_uprobe.ko path=/no/such/program offset=0x10
expect_log '^rust_uprobe: uprobe_register failed, returned -2: /no/such/program: no such file: give the program.s absolute path'
: "a directory: EINVAL"
expect_insmod_fail 22 $M/rust_uprobe.ko path=/tmp offset=0
expect_log '^rust_uprobe: uprobe_register failed, returned -22: /tmp: not a regular file'
: "a relative path, which the kernel would resolve against insmod's working directory: EINVAL"
(cd "$(dirname $UT)" && expect_insmod_fail 22 $M/rust_uprobe.ko path="$(basename $UT)" offset=$UT_ADD)
expect_log "^rust_uprobe: uprobe_register failed, returned -22: $(basename $UT): a relative path: give the program's absolute path"
: "an offset past the end: EINVAL"
size=$(wc -c <$UT)
expect_insmod_fail 22 $M/rust_uprobe.ko path=$UT offset=$size
expect_log "^rust_uprobe: uprobe_register failed, returned -22: $UT\\+0x[0-9a-f]+: the offset is past the end of the file \\(0x[0-9a-f]+ bytes\\): it is a file offset, not an address; scripts/uprobe-offset"
: "a misaligned offset (not on x86_64, where instructions have any length)"
case $(uname -m) in
aarch64 | riscv64)
	expect_insmod_fail 22 $M/rust_uprobe.ko path=$UT offset=$((UT_ADD + 1))
	expect_log "^rust_uprobe: uprobe_register failed, returned -22: $UT\\+0x[0-9a-f]+: the offset is not instruction-aligned"
	;;
*) note "x86_64: every offset is aligned" ;;
esac
: "no path: EINVAL"
expect_insmod_fail 22 $M/rust_uprobe.ko offset=0x10
expect_log '^rust_uprobe: uprobe_register failed, returned -22: path= is missing'
: "a negative pid, which no process has: EINVAL"
expect_insmod_fail 22 $M/rust_uprobe.ko path=$UT offset=$UT_ADD pid=-1
expect_log '^rust_uprobe: uprobe_register failed, returned -22: pid=-1: not a process id: give a process.s pid \(its tgid\), or 0 for all'
: "a USDT spec that is not one: EINVAL"
expect_insmod_fail 22 $M/rust_uprobe.ko path=$UT offset=$USDT_ARGS_OFFSET args=3@nothing
expect_log "^rust_uprobe: uprobe_register failed, returned -22: args=: cannot decode the argument spec '3@nothing': the size is not 1, 2, 4 or 8"
: "the next load works"
insmod $M/rust_uprobe.ko path=$UT offset=$UT_ADD || fail "the next insmod failed"
$UT add 3 >/dev/null
rmmod rust_uprobe
expect_log "^rust_uprobe: uprobe at $UT\\+$UT_ADD unregistered, 3 hits\$"
