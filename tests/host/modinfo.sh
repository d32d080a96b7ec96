# description: modinfo shows the module parameters with their types
set -u
out=$(/sbin/modinfo "$TOP/rust_kprobe.ko")
echo "$out" | grep -E '^parm:' 
echo "$out" | grep -qE '^parm: +func:Function to probe .*\(string\)$' || exit 1
echo "$out" | grep -qE '^parm: +maxprint:.*\(uint\)$' || exit 1
/sbin/modinfo "$TOP/rust_kretprobe.ko" | grep -qE '^parm: +skip_kthreads:.*\(bool\)$' || exit 1
out=$(/sbin/modinfo "$TOP/rust_tracepoint.ko")
echo "$out" | grep -qE '^parm: +tp:Tracepoint: sched_process_exec, .*\(string\)$' || exit 1
echo "$out" | grep -qE '^parm: +maxprint:.*\(uint\)$' || exit 1
out=$(/sbin/modinfo "$TOP/rust_uprobe.ko")
echo "$out" | grep -qE '^parm: +path:Program or library to probe .*\(string\)$' || exit 1
echo "$out" | grep -qE '^parm: +offset:File offset .*\(ulong\)$' || exit 1
echo "$out" | grep -qE '^parm: +ret:Return probe.*\(bool\)$'

if [ -f "$TOP/rust_fprobe.ko" ]; then
	/sbin/modinfo "$TOP/rust_fprobe.ko" | grep -qE '^parm: +funcs:Functions: a glob \(vfs_\*\) or a comma-separated list of names \(string\)$'
fi
