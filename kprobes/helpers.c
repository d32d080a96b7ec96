// SPDX-License-Identifier: GPL-2.0
/*
 * The layer's C helpers: the kernel's own accessors that are static inlines or macros
 * (some architectures define them one way, some the other), which Rust cannot call. Each
 * is one call, so that the layer reads what the kernel means on every architecture rather
 * than offsets of its own. They are named as rust/helpers/ names them (rust_helper_NAME,
 * NAME to Rust): `make patches` makes the uprobe ones part of rust/helpers/fs.c, the others
 * rust/helpers/ftrace.c. Out of tree, a module whose crate uses them links this file in
 * (Kbuild).
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
