# description: rust_uprobe decodes a USDT probe's arguments from the specs scripts/usdt-list prints: registers and a constant (uprobe_target:args), memory operands (uprobe_target:tick)
# requires: /etc/uprobe_target.env
. /etc/uprobe_target.env
note "args: $USDT_ARGS_OFFSET [$USDT_ARGS_ARGS]; tick: $USDT_TICK_OFFSET [$USDT_TICK_ARGS]"
: "uprobe_target:args, without a semaphore: (int)i - 2, -7i, (unsigned char)(i + 200), 42"
insmod $M/rust_uprobe.ko path=$UT offset=$USDT_ARGS_OFFSET "args=\"$USDT_ARGS_ARGS\"" || fail "insmod"
$UT usdt 3 >/tmp/out &
p=$!
wait $p
rmmod rust_uprobe
[ "$(cat /tmp/out)" = 0 ] || fail "tick fired $(cat /tmp/out) times with its semaphore not set"
at="$UT\\+$USDT_ARGS_OFFSET"
expect_count 1 "^rust_uprobe: uprobe_target\\[$p\\] hit $at arg1=-1 arg2=-7 arg3=201 arg4=42\$"
expect_count 1 "^rust_uprobe: uprobe_target\\[$p\\] hit $at arg1=0 arg2=-14 arg3=202 arg4=42\$"
expect_count 1 "^rust_uprobe: uprobe_target\\[$p\\] hit $at arg1=1 arg2=-21 arg3=203 arg4=42\$"
expect_count 3 "^rust_uprobe: .* hit "
: "uprobe_target:tick, with its semaphore: 2i, -i"
insmod $M/rust_uprobe.ko path=$UT offset=$USDT_TICK_OFFSET semaphore=$USDT_TICK_SEMAPHORE \
	"args=\"$USDT_TICK_ARGS\"" || fail "insmod"
$UT usdt 3 >/tmp/out &
p=$!
wait $p
rmmod rust_uprobe
[ "$(cat /tmp/out)" = 3 ] || fail "tick fired $(cat /tmp/out) times of 3 with its semaphore set"
at="$UT\\+$USDT_TICK_OFFSET"
expect_log "^rust_uprobe: Planted uprobe at $at, semaphore at $USDT_TICK_SEMAPHORE\$"
expect_count 1 "^rust_uprobe: uprobe_target\\[$p\\] hit $at arg1=2 arg2=-1\$"
expect_count 1 "^rust_uprobe: uprobe_target\\[$p\\] hit $at arg1=4 arg2=-2\$"
expect_count 1 "^rust_uprobe: uprobe_target\\[$p\\] hit $at arg1=6 arg2=-3\$"
expect_count 6 "^rust_uprobe: .* hit "
