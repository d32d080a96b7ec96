# description: rust_uprobe reads a USDT argument in a page the program mapped and never touched (uprobe_target:fresh: a memory operand into a fresh file mapping, not resident in the process) by faulting it in: the value the program reads after the probe
# requires: /etc/uprobe_target.env
. /etc/uprobe_target.env
note "fresh: $USDT_FRESH_OFFSET [$USDT_FRESH_ARGS]"
: "uprobe_target:fresh: the first 4 bytes of a page of the program's own file, mapped, untouched"
insmod $M/rust_uprobe.ko path=$UT offset=$USDT_FRESH_OFFSET "args=\"$USDT_FRESH_ARGS\"" ||
	fail "insmod"
$UT fresh $UT >/tmp/out &
p=$!
wait $p
rmmod rust_uprobe
: "the program read them after the probe: \\177ELF"
value=$(cat /tmp/out)
[ "$value" = 1179403647 ] || fail "the program read $value at the start of its own file, not \\177ELF"
: "the handler read the same, not nothing ('?')"
expect_count 1 "^rust_uprobe: .* hit "
expect_count 1 "^rust_uprobe: uprobe_target\\[$p\\] hit $UT\\+$USDT_FRESH_OFFSET arg1=$value\$"
