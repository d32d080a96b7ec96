# description: writes to read-only parameters in sysfs are refused; garbage written to writable ones is refused and changes nothing
target
. /etc/uprobe_target.env
: "bad writes to every parameter of every module"
writes=0
for ko in $M/rust_*.ko; do
	m=$(basename "$ko" .ko)
	[ "$m" = rust_selftest ] && continue
	# rust_uprobe has no default program to probe: the test program's ut_add.
	need=
	[ "$m" = rust_uprobe ] && need="path=$UT offset=$UT_ADD"
	# shellcheck disable=SC2086
	insmod "$ko" $need || fail "insmod $m with default parameters${need:+ and $need}"
	for p in /sys/module/$m/parameters/*; do
		[ -e "$p" ] || continue
		before=$(cat "$p")
		mode=$(stat -c %a "$p")
		case $mode in
		*[2367]?? | ?[2367]? | ??[2367]) values="maybe 2 -1 99999999999999999999 '' abc" ;;
		*) values="0 1 N Y abc" ;;
		esac
		for v in $values; do
			[ "$v" = "''" ] && v=
			if { echo "$v" >"$p"; } 2>/dev/null; then
				# Writable parameters take only valid values; those are not in the list.
				fail "$m: writing '$v' to ${p##*/} (mode $mode) succeeded"
			fi
			writes=$((writes + 1))
			[ "$(cat "$p")" = "$before" ] || fail "$m: ${p##*/} changed to '$(cat "$p")' after a refused write"
		done
	done
	expect_refcnt0 "$m"
	rmmod "$m" || fail "rmmod $m"
done
note "$writes refused writes"
: "valid writes still work"
# Valid writes still work afterwards.
insmod $M/rust_kprobe.ko func=probe_target_add6 maxprint=0 || fail "insmod"
echo n >/sys/module/rust_kprobe/parameters/enabled || fail "enabled=n refused"
call 1 >/dev/null
echo y >/sys/module/rust_kprobe/parameters/enabled || fail "enabled=y refused"
call 2 >/dev/null
[ "$(stat_field /sys/kernel/debug/rust_kprobe/stats probe_target_add6 3)" = 1 ] || fail "expected 1 hit"
