// SPDX-License-Identifier: GPL-2.0

#include <linux/fprobe.h>
#include <linux/ftrace.h>

/* Only fprobe handlers have a struct ftrace_regs (the layer's stubs refuse them otherwise). */
#ifdef CONFIG_FPROBE

/* Argument @n of the function at its entry (0 past the registers the arch reads). */
__rust_helper unsigned long
rust_helper_ftrace_regs_get_argument(struct ftrace_regs *fregs, unsigned int n)
{
	return ftrace_regs_get_argument(fregs, n);
}

/* The return value, at the function's exit. */
__rust_helper unsigned long
rust_helper_ftrace_regs_get_return_value(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_return_value(fregs);
}

/* The instruction pointer: the function's ftrace location at entry, the caller at exit. */
__rust_helper unsigned long
rust_helper_ftrace_regs_get_instruction_pointer(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_instruction_pointer(fregs);
}

/* The stack pointer. */
__rust_helper unsigned long
rust_helper_ftrace_regs_get_stack_pointer(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_stack_pointer(fregs);
}
#else
__rust_helper unsigned long
rust_helper_ftrace_regs_get_argument(struct ftrace_regs *fregs, unsigned int n)
{
	return 0;
}

__rust_helper unsigned long
rust_helper_ftrace_regs_get_return_value(struct ftrace_regs *fregs)
{
	return 0;
}

__rust_helper unsigned long
rust_helper_ftrace_regs_get_instruction_pointer(struct ftrace_regs *fregs)
{
	return 0;
}

__rust_helper unsigned long
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
__rust_helper void rust_helper_enable_fprobe(struct fprobe *fp)
{
	enable_fprobe(fp);
}

/* Disarms @fp (disable_fprobe()): calls entered from now on run no handler. */
__rust_helper void rust_helper_disable_fprobe(struct fprobe *fp)
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
__rust_helper int rust_helper_fprobe_addrs(struct fprobe *fp, unsigned long *addrs, int max)
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
