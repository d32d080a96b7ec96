// SPDX-License-Identifier: GPL-2.0
/*
 * The C helpers of the out-of-tree modules, as the kernel's rust/helpers/helpers.c gathers
 * its own: what Rust cannot call itself, the kernel's static inlines and macros, each one
 * call, named rust_helper_NAME (NAME to Rust). Those of the abstractions are the files the
 * patch series ships (rust/helpers/); those below serve the kit only. Kbuild links this file
 * into every module whose crate uses the abstractions, and bindgen reads it
 * (bindings_helper.h), so that the Rust side is checked against these definitions.
 */
#include <linux/compat.h>
#include <linux/tracepoint.h>

/* Out of tree, the helpers are functions of each module, never inlined into Rust. */
#define __rust_helper

#include "../rust/helpers/fs.c"
#include "../rust/helpers/ftrace.c"

/*
 * Waits until no tracepoint call runs a probe unregistered before (both kinds of read-side
 * sections: SRCU-fast for most tracepoints, RCU Tasks Trace for faultable ones).
 */
void rust_helper_tracepoint_synchronize_unregister(void)
{
	tracepoint_synchronize_unregister();
}

/* Whether the kernel calls @tp's probes faultable, in task context (sys_enter, sys_exit). */
bool rust_helper_tracepoint_is_faultable(struct tracepoint *tp)
{
	return tracepoint_is_faultable(tp);
}

/* Whether the current system call is a compat one: a 32-bit task's, on a 64-bit kernel. */
bool rust_helper_in_compat_syscall(void)
{
	return in_compat_syscall();
}
