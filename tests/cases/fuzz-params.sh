# description: hostile parameter sets (tests/fuzz-params.py) to every module: each is refused with a message from the kernel naming the module, or loads, runs and unloads; nothing is left planted; good loads still work
# requires: /tests/fuzz-params.txt
target
. /etc/uprobe_target.env
K=/sys/kernel/tracing
: "files of every type for the path parameters"
mkfifo /tmp/fifo
ln -sf /bin/busybox /tmp/link
ln -sf /nonexistent /tmp/dangling
: >/tmp/empty
ftrace_at_start=$(cat $K/enabled_functions 2>/dev/null || true)
# nothing_left WHAT: no probe planted and no function traced but those of the case's start.
nothing_left() {
	expect_no_probes
	[ "$(cat $K/enabled_functions 2>/dev/null || true)" = "$ftrace_at_start" ] ||
		fail "functions left traced after $1: $(cat $K/enabled_functions)"
}
# A good load of each main module, and hits from it.
good_loads() {
	insmod $M/rust_kprobe.ko func=probe_target_add6 maxprint=1 || fail "good rust_kprobe load failed after $1"
	echo 3 >$T/loop
	[ "$(stat_field /sys/kernel/debug/rust_kprobe/stats probe_target_add6 3)" = 3 ] ||
		fail "good rust_kprobe load: not 3 hits after $1"
	rmmod rust_kprobe
	insmod $M/rust_kretprobe.ko func=probe_target_add6 maxprint=1 || fail "good rust_kretprobe load failed after $1"
	rmmod rust_kretprobe
}
# trigger MODULE: what makes a loaded module's probes fire.
trigger() {
	echo 2 >$T/loop
	sh -c 'cat /proc/version' >/dev/null
	[ "$1" != rust_uprobe ] && [ "$1" != rust_template_uprobe ] || /bin/uprobe_target add 3 >/dev/null || true
}
n=0 loaded=0 refused=0 silent=0
: >/tmp/silent
: >/tmp/reasons
while IFS= read -r line; do
	case $line in
	'#'*) note "${line#\# }"; continue ;;
	esac
	eval "set -- $line"
	mod=$1
	shift
	n=$((n + 1))
	dmesg -c >/dev/null
	if insmod "$M/$mod.ko" "$@" 2>/tmp/insmod.err; then
		loaded=$((loaded + 1))
		trigger "$mod"
		rmmod "$mod" || fail "rmmod $mod failed after: $line"
	else
		refused=$((refused + 1))
		# The refusal is explained in the kernel log by a line of the module (ours or the
		# kernel's parameter parser, which names the module too).
		if dmesg | grep -q "$mod"; then
			dmesg | sed 's/^\[[ 0-9.]*\] //' | grep -m1 "$mod" >>/tmp/reasons
		else
			silent=$((silent + 1))
			echo "$line => $(cat /tmp/insmod.err)" >>/tmp/silent
		fi
	fi
	[ ! -e "/sys/module/$mod" ] || fail "$mod still loaded after: $line"
	if [ $((n % 100)) = 0 ]; then
		nothing_left "set $n ($line)"
		good_loads "set $n"
	fi
done </tests/fuzz-params.txt
nothing_left "the last set"
good_loads "the last set"
note "$n sets: $loaded loaded and unloaded, $refused refused, $silent refused without a kernel message"
note "the refusals' first lines, the most frequent first:"
sort /tmp/reasons | uniq -c | sort -rn | head -40 | sed 's/^/#   /'
if [ "$silent" != 0 ]; then
	head -5 /tmp/silent | sed 's/^/# silent: /'
	fail "$silent refusals logged nothing naming the module"
fi
[ "$n" -gt 0 ] || fail "no parameter sets"
