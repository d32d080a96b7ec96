# description: modinfo shows the module parameters with their types
out=$(/sbin/modinfo "$TOP/rust_kprobe.ko")
echo "$out" | grep -E '^parm:'
echo "$out" | grep -qE '^parm: +func:Function to probe .*\(string\)$' ||
	fail "no func parameter of its type"
echo "$out" | grep -qE '^parm: +maxprint:.*\(uint\)$' ||
	fail "no maxprint parameter of its type"
/sbin/modinfo "$TOP/rust_kretprobe.ko" | grep -qE '^parm: +skip_kthreads:.*\(bool\)$' ||
	fail "no skip_kthreads parameter of its type"
out=$(/sbin/modinfo "$TOP/rust_tracepoint.ko")
echo "$out" | grep -qE '^parm: +tp:Tracepoint: sched_process_exec, .*\(string\)$' ||
	fail "no tp parameter of its type"
echo "$out" | grep -qE '^parm: +maxprint:.*\(uint\)$' ||
	fail "no maxprint parameter of its type"
out=$(/sbin/modinfo "$TOP/rust_uprobe.ko")
echo "$out" | grep -qE '^parm: +path:Program or library to probe .*\(string\)$' ||
	fail "no path parameter of its type"
echo "$out" | grep -qE '^parm: +offset:File offset .*\(ulong\)$' ||
	fail "no offset parameter of its type"
echo "$out" | grep -qE '^parm: +ret:Return probe.*\(bool\)$' || fail "no ret parameter of its type"

if [ -f "$TOP/rust_fprobe.ko" ]; then
	/sbin/modinfo "$TOP/rust_fprobe.ko" |
		grep -qE '^parm: +funcs:Functions: a glob \(vfs_\*\) or a comma-separated list of names \(string\)$' ||
		fail "no funcs parameter of its type"
fi
