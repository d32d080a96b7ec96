/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C kprobe API, for bindgen. The kernel crate's own bindings do not include
 * <linux/kprobes.h>, so Kbuild generates kprobes/bindings_generated.rs from this header
 * with the kernel's C flags; everything else comes from kernel::bindings.
 */
#include <linux/kprobes.h>
/* Kprobe events, which reject ambiguous symbol names (see kprobes/target.rs). */
#include <linux/trace_events.h>
/*
 * struct linux_binprm, which the kernel crate's bindings only declare, for the file name of
 * sched_process_exec (kprobes/tracepoints.rs).
 */
#include <linux/binfmts.h>
/* Fprobes, and the layer's C helpers (their ftrace_regs accessors). */
#include <linux/fprobe.h>
#include "kprobes/helpers.h"
