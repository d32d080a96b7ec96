/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layer's C helpers (kprobes/helpers.c): what Rust cannot call itself, the kernel's
 * static inlines and macros. bindgen reads these declarations (bindings_helper.h), so the
 * Rust side is checked against them.
 */
#include <linux/ftrace.h>
#include <linux/tracepoint.h>

/* The ftrace_regs accessors of <linux/ftrace.h> and <asm/ftrace.h>, for fprobe handlers. */
unsigned long rust_helper_ftrace_regs_get_argument(struct ftrace_regs *fregs, unsigned int n);
unsigned long rust_helper_ftrace_regs_get_return_value(struct ftrace_regs *fregs);
unsigned long rust_helper_ftrace_regs_get_instruction_pointer(struct ftrace_regs *fregs);
unsigned long rust_helper_ftrace_regs_get_stack_pointer(struct ftrace_regs *fregs);

/* The teardown wait and the context of tracepoints (<linux/tracepoint.h>). */
void rust_helper_tracepoint_synchronize_unregister(void);
bool rust_helper_tracepoint_is_faultable(struct tracepoint *tp);
