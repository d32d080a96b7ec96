#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes BENCHMARKS.md, to stdout, from the guest log of a `make bench` run
(scripts/internal/bench).

    tests/bench/report.py LOG ARCH ROUNDS BATCHES CALLS WARMUP REF_CALLS CPU QEMU

LOG holds the guest's `BENCH cfg round ns ref_before ref_after` lines (one per timed loop),
`KPROBES cfg ...` (the kprobes/list lines of each configuration), `CLOCK clocksource
trace_clock tracing_on` and `SIZE module text data bss [note]`. ROUNDS to REF_CALLS are the
run's settings, CPU and QEMU describe the host and the emulator. What differs by
architecture comes from its table, scripts/internal/qemu/ARCH, and from the log.
"""
import os
import random
import shlex
import statistics
import sys


def arch_table(arch):
    """The arch's settings: the KEY="value" lines of scripts/internal/qemu/ARCH."""
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    table = {}
    with open(os.path.join(top, "scripts", "qemu", arch)) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                key, value = line.rstrip("\n").split("=", 1)
                table[key] = " ".join(shlex.split(value))
    return table


log, arch, rounds, batches, calls, warmup, ref_calls, cpu, qemu = sys.argv[1:]
calls, ref_calls = int(calls), int(ref_calls)
settings = arch_table(arch)
# A loop counts when the reference loops around it ran at full speed: within SLACK of the
# fastest reference of the run. Other processes on the host slow the emulator down by
# up to 2x for tens of milliseconds at a time, longer than a configuration's turn.
SLACK = 1.10
raw, kinds, sizes, clock, attach = [], {}, [], None, []
for line in open(log, errors="replace"):
    line = line.strip().replace("\r", "")
    if line.startswith("BENCH "):
        _, cfg, r, ns, before, after = line.split()
        # The slower of the two references: the emulator's speed around the loop.
        ref = max(int(before), int(after)) / ref_calls
        raw.append((cfg, int(r), int(ns) / calls, ref))
    elif line.startswith("KPROBES "):
        _, cfg, rest = line.split(None, 2)
        # "ADDR TYPE SYMBOL+OFF MODULE [FLAGS]": keep the type and the flags.
        f = rest.split()
        kinds.setdefault(cfg, []).append(" ".join([f[1]] + [x for x in f if x[0] == "["]))
    elif line.startswith("CLOCK "):
        clock = line.split()[1:]
    elif line.startswith("ATTACH "):
        attach.append(line.split()[1:])
    elif line.startswith("SIZE "):
        sizes.append(line.split(None, 5)[1:])
fastest_ref = min(ref for *_, ref in raw)
clean = [b for b in raw if b[3] <= SLACK * fastest_ref]
# Within that band the emulator's speed still drifts by a few percent, and the probed loop
# follows its reference closely: each loop is scaled by typical reference / its reference.
typical_ref = statistics.median(ref for *_, ref in clean)
# A round's figure is its fastest loop: preemption and interrupts only add time.
best, unfiltered = {}, set()
for cfg, r, ns, ref in clean:
    v = best.setdefault(cfg, {})
    v[r] = min(v.get(r, float("inf")), ns * typical_ref / ref)
for cfg in {b[0] for b in raw}:
    if len(best.get(cfg, {})) < max(3, int(rounds) // 3):
        # Too few clean rounds: use every batch, and say so.
        unfiltered.add(cfg)
        best[cfg] = {}
        for c, r, ns, ref in raw:
            if c == cfg:
                best[cfg][r] = min(best[cfg].get(r, float("inf")), ns * typical_ref / ref)
rows = {
    "none": "no probe",
    "c_empty": "C kprobe, empty pre handler (bare mechanism)",
    "c_count": "C kprobe, counting pre handler",
    "rust_count": "Rust kprobe, counting pre handler",
    "ftrace": "ftrace kprobe event `p:`",
    "c_time": "C kretprobe, entry-to-return time",
    "rust_time": "Rust kretprobe, the same (typed per-call data)",
    "ftrace_ret": "ftrace kretprobe event `r:`",
    "c_fentry": "C fprobe, counting entry handler",
    "rust_fentry": "Rust fprobe, the same",
    "c_ftime": "C fprobe, entry-to-exit time (in the entry data)",
    "rust_ftime": "Rust fprobe, the same (typed per-call data)",
    "sample_kp": "kernel sample kprobe_example.ko (printk per hit)",
    "sample_krp": "kernel sample kretprobe_example.ko (printk per hit)",
}
short = {"none": "none", "c_empty": "bare C", "c_count": "C count", "rust_count": "Rust count",
         "ftrace": "ftrace p:", "c_time": "C kretprobe", "rust_time": "Rust kretprobe",
         "ftrace_ret": "ftrace r:", "c_fentry": "C fprobe entry", "rust_fentry": "Rust fprobe entry",
         "c_ftime": "C fprobe entry+exit", "rust_ftime": "Rust fprobe entry+exit"}
med = {c: statistics.median(v.values()) for c, v in best.items()}
def over(c, r=None):
    """Per-hit overhead: time per call minus the no-probe time (median), median or round r."""
    return (best[c][r] if r else med[c]) - med["none"]
def bootstrap(a, b, both, n=2000):
    """90% interval of the overhead ratio a/b, resampling the rounds both have (seeded)."""
    rnd, ratios = random.Random(0), []
    for _ in range(n):
        rs = [rnd.choice(both) for _ in both]
        oa = statistics.median(best[a][r] for r in rs) - med["none"]
        ob = statistics.median(best[b][r] for r in rs) - med["none"]
        ratios.append(oa / ob)
    ratios.sort()
    return ratios[n // 20], ratios[n - 1 - n // 20]
def quartiles(xs):
    if len(xs) < 2:
        return xs[0], xs[0]
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], q[2]

print("# Benchmarks\n")
print("Generated by `make bench` (scripts/internal/bench); do not edit by hand.\n")
print("## Method\n")
print("`probe_target_add6()` (tests/probe_target.c) is called in a loop from kernel context "
      "(a write to `/sys/kernel/debug/probe_target/loop`), timed with `ktime_get_ns()` around "
      f"the loop. One boot runs every configuration below in each of {rounds} rounds, "
      "interleaved (the order rotates from round to round). In each round a configuration "
      f"is set up, warmed up with {warmup} calls, timed over {batches} loops of {calls} "
      "calls, and torn down. Every run of a counting probe checks that it counted exactly "
      "one hit per call.\n")
print(f"Each timed loop sits between two reference loops of {ref_calls} calls of an "
      "unprobed twin function (`loop_ref`), which tell how fast the emulator runs at that "
      "moment: other processes on the host slow it down by up to 2x for tens of "
      "milliseconds at a time. A loop counts only if the slower of its two references ran "
      f"within {SLACK - 1:.0%} of the fastest reference of the run ({len(clean)} of "
      f"{len(raw)} loops did), and its time is scaled by the typical reference "
      f"({typical_ref:.2f} ns per call) over that one; a round's "
      "figure is its fastest such loop (preemption and interrupts only add time). The "
      "tables give the median over the rounds and the spread (min to max). Some costs "
      "differ from one registration to the next and stay steady within one, an emulator "
      "effect (likely of where the new allocations land, for example in its direct-mapped "
      "TLB): kretprobe figures move by a few percent from round to round, and now and then "
      "a kprobe configuration, C or Rust alike, runs a whole turn 1.5x slower at full "
      "emulator speed (the max column); hence many rounds and the median.\n")
print(f"Machine: {arch} guest under QEMU TCG ({qemu}), 1 vCPU, on a host {cpu}. "
      "**TCG timings are emulator timings, not hardware timings**: the absolute numbers "
      "say little about real hardware (where a kprobe hit costs tens of nanoseconds); rely "
      "on the ratios, which compare configurations measured side by side in the same run.\n")
if clock:
    tsc = settings.get("HOST_TSC_PARAM")
    tsc = f" (the host's TSC rate is passed with `{tsc}`, scripts/internal/qemu/{arch})" if tsc else ""
    # How the kernel reaches a probe at a function's entry shows in kprobes/list.
    if kinds and all("[FTRACE]" in k for ks in kinds.values() for k in ks):
        entry = ("which this kernel (`CONFIG_KPROBES_ON_FTRACE`) reaches through ftrace "
                 "rather than a breakpoint, as on most distribution kernels")
    else:
        entry = "where this kernel plants a breakpoint (it has no `CONFIG_KPROBES_ON_FTRACE`)"
    print(f"Guest clocksource `{clock[0]}`{tsc}. The probes sit at the function's entry, "
          f"{entry}; each configuration plants one lone "
          "(not aggregated) probe, as the kprobes/list column shows. The ftrace events are "
          f"used as users have them: `tracing_on` is {clock[2]}, so each hit is written to "
          f"the ring buffer, with trace clock `{clock[1]}`.\n")
print("## Time per call\n")
print("| configuration | probe (kprobes/list) | median ns/call | min | max | rounds | "
      "overhead over no probe |")
print("|---|---|---:|---:|---:|---:|---:|")
for c in rows:
    if c in best:
        v = best[c].values()
        kind = ", ".join(kinds.get(c, ["-"]))
        o = f"{over(c):.1f}" if c != "none" else "-"
        n = f"{len(v)}" + (" (unfiltered)" if c in unfiltered else "")
        print(f"| {rows[c]} | {kind} | {med[c]:.1f} | {min(v):.1f} | {max(v):.1f} | {n} | {o} |")
if unfiltered:
    print("\n(unfiltered): too few loops of this configuration ran at full speed; its figures "
          "use every loop and are less reliable. Run again on a quieter host.")

print("\n## Ratios (same run)\n")
print("Per call: ratio of the median times per call. Overhead: ratio of the median per-hit "
      "overheads (time per call minus the no-probe time), which is what the targets are "
      "judged on; 90% interval: of that ratio, by resampling the rounds (bootstrap), and a "
      "verdict whose target lies inside it is within the noise of this run. Per-round: the "
      "overhead ratio computed round by round, from the rounds where both configurations "
      "have a figure (they ran within a second of each other), median and interquartile "
      "range.\n")
print("| ratio | per call | overhead | 90% interval | per-round, median [IQR] | "
      "target (overhead) |")
print("|---|---:|---:|---:|---:|---|")
targets = [("rust_count", "c_count", 1.02), ("rust_count", "c_empty", 1.05),
           ("rust_time", "c_time", 1.02), ("c_count", "c_empty", None),
           ("c_empty", "none", None), ("ftrace", "rust_count", None),
           ("ftrace_ret", "rust_time", None), ("rust_time", "rust_count", None),
           ("rust_fentry", "c_fentry", 1.02), ("rust_ftime", "c_ftime", 1.02),
           ("rust_ftime", "rust_time", 0.75), ("c_ftime", "c_time", None),
           ("rust_fentry", "rust_count", None)]
for a, b, target in targets:
    if a not in best or b not in best:
        continue
    if b == "none":
        print(f"| {short[a]} / {short[b]} | {med[a] / med[b]:.3f} | - | - | - | |")
        continue
    ratio = over(a) / over(b)
    both = [r for r in best[a] if r in best[b]]
    per_round = [over(a, r) / over(b, r) for r in both]
    pr = "-"
    if per_round:
        lo, hi = quartiles(per_round)
        pr = f"{statistics.median(per_round):.3f} [{lo:.3f}, {hi:.3f}]"
    ci = bootstrap(a, b, both)
    t = ""
    if target:
        t = f"<= {target:.2f}: " + ("met" if ratio <= target else "**missed**")
        if ci[0] <= target < ci[1]:
            t += " (within the noise)"
    print(f"| {short[a]} / {short[b]} | {med[a] / med[b]:.3f} | {ratio:.3f} | "
          f"{ci[0]:.3f}-{ci[1]:.3f} | {pr} | {t} |")

print("\nThe handlers do the same work, but where the C module keeps its counters in "
      "globals, the Rust ones keep them in the registration, which a return handler finds "
      "from the kretprobe instance (`ri->node.rethook->data`, as the kernel's "
      "`get_kretprobe()`): two dependent loads per return that C code keeping per-probe "
      "state pays as well.\n")
if "rust_ftime" in best and "c_ftime" in best:
    print("The fprobe rows have no kprobes/list entry: an fprobe is an ftrace callback "
          "(`fprobe_ftrace_entry()` for an entry handler alone, the function graph tracer's "
          "`fprobe_fgraph_entry()` and `fprobe_return()` with an exit handler), not a kprobe. "
          "Compare the Rust fprobe with the Rust kretprobe next to the same comparison in C "
          "(`C fprobe entry+exit / C kretprobe`): where both ratios agree, the difference is the "
          "kernel's mechanism on this kernel and emulator, not the Rust layer.\n")
print("The kernel's sample modules print every hit (`pr_info`, and the kprobe sample also "
      "has a post handler), so their rows measure printk, not the probe: they are listed "
      "for reference and left out of the ratios.\n")
if attach:
    print("## Attach time: one kprobe per function against one fprobe\n")
    print("Planting probes on many functions at load (`insmod`), and removing them at unload "
          "(`rmmod`), timed inside the bench modules with `ktime` around the registration "
          "and the unregistration: one kprobe per function (C `register_kprobes()` with "
          "all of them; Rust one `kprobe::Registration` with all of them as targets, which "
          "also asks kprobe events whether each name is unique), against one fprobe for all "
          "(`register_fprobe_syms()` for a list, `register_fprobe()` for a glob). The "
          "functions: the first N traceable vmlinux functions whose names are unique in "
          "kallsyms and not on the kprobe blacklist, and those matching the glob (the "
          "kprobe side takes the same filtered list; the fprobe side the glob, so it may "
          "attach to a few more). Each probe counts hits. Median of the rounds, in "
          "milliseconds.\n")
    print("| functions | mechanism | attached | rounds | attach ms (median) | min | max | "
          "detach ms (median) | min | max |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    names = {"c_kprobes": "C, one kprobe per function", "rust_kprobes": "Rust, one kprobe per function",
             "c_fprobe": "C, one fprobe", "rust_fprobe": "Rust, one fprobe"}
    sets = []
    for a in attach:
        if a[0] not in sets:
            sets.append(a[0])
    for st in sets:
        for how in names:
            runs = [a for a in attach if a[0] == st and a[1] == how and len(a) == 5]
            if not runs:
                failed = any(a[0] == st and a[1] == how for a in attach)
                if failed:
                    print(f"| `{st}` | {names[how]} | failed | | | | | | | |")
                continue
            at = [int(a[3]) / 1000 for a in runs]
            de = [int(a[4]) / 1000 for a in runs]
            n = "/".join(sorted({a[2] for a in runs}))
            print(f"| `{st}` | {names[how]} | {n} | {len(runs)} | {statistics.median(at):.1f} | "
                  f"{min(at):.1f} | {max(at):.1f} | {statistics.median(de):.1f} | "
                  f"{min(de):.1f} | {max(de):.1f} |")
    print("\nThe C fprobe counts the addresses the kernel attached (`hlist_array->size`), the "
          "Rust one the distinct ones (`fprobe::Attached`).\n")
print("## Module sizes (bytes, `llvm-size`)\n")
print("| module | text | data | bss |")
print("|---|---:|---:|---:|")
for s in sizes:
    print(f"| {s[0]}{' ' + s[4] if len(s) > 4 else ''} | {s[1]} | {s[2]} | {s[3]} |")
print("\nThe Rust sample modules do more than the C samples (module parameters in sysfs, "
      "several probes, filters, debugfs statistics with a histogram, the runtime switch) "
      "and carry the layer's error reporting and formatting code; bench_rust.ko is the "
      "closest to a like-for-like comparison with bench_c.ko.")
