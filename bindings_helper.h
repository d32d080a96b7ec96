/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C kprobe API, for bindgen. The kernel crate's own bindings do not include
 * <linux/kprobes.h>, so Kbuild generates kit/bindings_generated.rs from this header
 * with the kernel's C flags; everything else comes from kernel::bindings.
 */
#include <linux/kprobes.h>
/* Kprobe events, which reject ambiguous symbol names (see rust/kernel/kprobes/target.rs). */
#include <linux/trace_events.h>
/*
 * struct linux_binprm, which the kernel crate's bindings only declare, for the file name of
 * sched_process_exec (kit/tracepoint/events.rs).
 */
#include <linux/binfmts.h>
/*
 * Uprobes (rust/kernel/kprobes/uprobe.rs): the consumer and its registration, and
 * kern_path() to find the probed file. LOOKUP_FOLLOW is a BIT() macro, which bindgen cannot
 * evaluate: a constant holds its value, as the kernel crate's rust/bindings/bindings_helper.h
 * does for flags.
 */
#include <linux/uprobes.h>
#include <linux/namei.h>
const unsigned int RUST_CONST_HELPER_LOOKUP_FOLLOW = LOOKUP_FOLLOW;
/* Fprobes, and the C helpers (kit/helpers.c: the ftrace_regs accessors, ...). */
#include <linux/fprobe.h>
#include "kit/helpers.c"
