// SPDX-License-Identifier: GPL-2.0
/*
 * The layer's C helpers: the kernel's own accessors that are static inlines or macros
 * (some architectures define them one way, some the other), which Rust cannot call. Each
 * is one call, so that the layer does what the kernel means on every architecture and
 * follows it when the inline changes, rather than copying it; rust_helper_fprobe_addrs()
 * is the one that reads a private structure (fprobe.c's), kept here in one place. They are
 * named as rust/helpers/ names them (rust_helper_NAME, NAME to Rust): `make patches` makes
 * the uprobe ones part of rust/helpers/fs.c, the others rust/helpers/ftrace.c. Out of tree,
 * every module whose crate uses the layer links this file in (Kbuild).
 */
#include "helpers.h"

/*
 * The inode a uprobe is registered on: the real one, which processes map, on a stacking file
 * system such as overlayfs (as trace_uprobe and BPF's uprobe_multi register).
 */
struct inode *rust_helper_d_real_inode(const struct dentry *dentry)
{
	return d_real_inode(dentry);
}

/* The size of a file, read as the kernel reads it (a seqcount on 32-bit SMP kernels). */
loff_t rust_helper_i_size_read(const struct inode *inode)
{
	return i_size_read(inode);
}

/* Only fprobe handlers have a struct ftrace_regs (the layer's stubs refuse them otherwise). */
#ifdef CONFIG_FPROBE

/* Argument @n of the function at its entry (0 past the registers the arch reads). */
unsigned long
rust_helper_ftrace_regs_get_argument(struct ftrace_regs *fregs, unsigned int n)
{
	return ftrace_regs_get_argument(fregs, n);
}

/* The return value, at the function's exit. */
unsigned long
rust_helper_ftrace_regs_get_return_value(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_return_value(fregs);
}

/* The instruction pointer: the function's ftrace location at entry, the caller at exit. */
unsigned long
rust_helper_ftrace_regs_get_instruction_pointer(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_instruction_pointer(fregs);
}

/* The stack pointer. */
unsigned long
rust_helper_ftrace_regs_get_stack_pointer(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_stack_pointer(fregs);
}
#else
unsigned long
rust_helper_ftrace_regs_get_argument(struct ftrace_regs *fregs, unsigned int n)
{
	return 0;
}

unsigned long
rust_helper_ftrace_regs_get_return_value(struct ftrace_regs *fregs)
{
	return 0;
}

unsigned long
rust_helper_ftrace_regs_get_instruction_pointer(struct ftrace_regs *fregs)
{
	return 0;
}

unsigned long
rust_helper_ftrace_regs_get_stack_pointer(struct ftrace_regs *fregs)
{
	return 0;
}
#endif

/*
 * Arms @fp: enable_fprobe() clears FPROBE_FL_DISABLED, which the fprobe's callbacks test
 * at each call. A plain read-modify-write, as in the kernel's own callers (trace_fprobe
 * under event_mutex): callers serialize, the layer with a lock of the registration.
 */
void rust_helper_enable_fprobe(struct fprobe *fp)
{
	enable_fprobe(fp);
}

/* Disarms @fp (disable_fprobe()): calls entered from now on run no handler. */
void rust_helper_disable_fprobe(struct fprobe *fp)
{
	disable_fprobe(fp);
}

/*
 * The ftrace addresses the registered @fp is attached to, one per function it was given
 * (a name listed twice is there twice), as fprobe_init() found them: copies the first @max
 * into @addrs and returns how many there are. No function of fprobe.c returns them; they
 * are in its bookkeeping, fp->hlist_array, which this helper alone reads: -EINVAL when that
 * is not as fprobe.c of 7.2 and 7.3 leaves it (an array of @size nodes owned by @fp, each
 * with the address of one function), so that a kernel which changes it says so instead of
 * giving wrong addresses. The array is freed only when @fp is unregistered.
 */
int rust_helper_fprobe_addrs(struct fprobe *fp, unsigned long *addrs, int max)
{
	struct fprobe_hlist *hlist = READ_ONCE(fp->hlist_array);
	int i;

	if (!hlist || hlist->fp != fp || hlist->size <= 0)
		return -EINVAL;
	for (i = 0; i < hlist->size; i++) {
		if (!hlist->array[i].addr)
			return -EINVAL;
		if (i < max)
			addrs[i] = hlist->array[i].addr;
	}
	return hlist->size;
}

/* Tracepoints: not in the patch series (scripts/make-patches ships the above only). */

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
