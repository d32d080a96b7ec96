/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layer's C helpers (kprobes/helpers.c): what Rust cannot call itself, the kernel's
 * static inlines and macros. bindgen reads these declarations (bindings_helper.h), so the
 * Rust side is checked against them.
 */
#include <linux/fs.h>
#include <linux/ftrace.h>

/* For uprobes: the real inode of a dentry (<linux/dcache.h>), an inode's size (<linux/fs.h>). */
struct inode *rust_helper_d_real_inode(const struct dentry *dentry);
loff_t rust_helper_i_size_read(const struct inode *inode);

/* The ftrace_regs accessors of <linux/ftrace.h> and <asm/ftrace.h>, for fprobe handlers. */
unsigned long rust_helper_ftrace_regs_get_argument(struct ftrace_regs *fregs, unsigned int n);
unsigned long rust_helper_ftrace_regs_get_return_value(struct ftrace_regs *fregs);
unsigned long rust_helper_ftrace_regs_get_instruction_pointer(struct ftrace_regs *fregs);
unsigned long rust_helper_ftrace_regs_get_stack_pointer(struct ftrace_regs *fregs);
