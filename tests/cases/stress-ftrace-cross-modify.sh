# description: the function tracer's filter toggled on one function's ftrace call site while the other CPUs call it in tight loops (no probe, no module of ours): the kernel's text patching must never leave an int3 that nobody claims
# requires: /sys/kernel/tracing/set_ftrace_filter
# Each toggle patches the call site with the int3 protocol of smp_text_poke_batch_finish().
# Under multi-threaded TCG a vCPU can keep executing the int3 after the batch ended (QEMU
# translates the old bytes between notdirty_write()'s invalidation and the store): the
# guest dies with "Oops: int3" at probe_target_add6+0x1. x86_64 guests run single-threaded
# TCG for that (scripts/internal/qemu/x86_64); `--accel tcg --smp 4 --stress 600` shows the crash.
target
f=probe_target_add6
K=/sys/kernel/tracing
: "the function tracer on, tracing an unrelated function"
echo 0 >$K/tracing_on
echo probe_target_nest >$K/set_ftrace_filter
echo function >$K/current_tracer
hit() { echo 20000 >$T/loop; }
toggle() { echo $f >>$K/set_ftrace_filter && echo "!$f" >>$K/set_ftrace_filter; }
workers $((NCPUS > 1 ? NCPUS - 1 : 1)) hit hit
workers 1 toggle toggle
deadline "$STRESS_SECS"
while before_end; do sleep 1; done
stop_workers toggle
toggles=$total
stop_workers hit
note "$toggles toggles, $((total * 20000)) calls"
[ "$toggles" -gt 0 ] || fail "no toggle completed"
echo nop >$K/current_tracer
echo >$K/set_ftrace_filter
echo 1 >$K/tracing_on
