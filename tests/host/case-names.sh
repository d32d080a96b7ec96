# description: the guest cases named stress-* are those that read STRESS_SECS (how long tests/run --stress lets them run), and no others
cd "$TOP/tests/cases"
bad=
for c in *.sh; do
	reads=$(grep -q 'STRESS_SECS' "$c" && echo yes || echo no)
	case $c:$reads in
	stress-*:no) bad="$bad ${c%.sh} (named stress-, but does not read STRESS_SECS)" ;;
	stress-*:yes | *:no) ;;
	*:yes) bad="$bad ${c%.sh} (reads STRESS_SECS: name it stress-KIND-WHAT)" ;;
	esac
done
[ -z "$bad" ] || fail "$bad"
echo "$(ls stress-*.sh | wc -l) stress cases, all read STRESS_SECS; no other case does"
