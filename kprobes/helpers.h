/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layer's C helpers (kprobes/helpers.c): what Rust cannot call itself, the kernel's
 * static inlines and macros. bindgen reads these declarations (bindings_helper.h), so the
 * Rust side is checked against them.
 */
#include <linux/compat.h>
#include <linux/fprobe.h>
#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/tracepoint.h>

/* For uprobes: the real inode of a dentry (<linux/dcache.h>), an inode's size (<linux/fs.h>). */
struct inode *rust_helper_d_real_inode(const struct dentry *dentry);
loff_t rust_helper_i_size_read(const struct inode *inode);

/* The ftrace_regs accessors of <linux/ftrace.h> and <asm/ftrace.h>, for fprobe handlers. */
unsigned long rust_helper_ftrace_regs_get_argument(struct ftrace_regs *fregs, unsigned int n);
unsigned long rust_helper_ftrace_regs_get_return_value(struct ftrace_regs *fregs);
unsigned long rust_helper_ftrace_regs_get_instruction_pointer(struct ftrace_regs *fregs);
unsigned long rust_helper_ftrace_regs_get_stack_pointer(struct ftrace_regs *fregs);

/* Arming and disarming an fprobe (<linux/fprobe.h>), and the addresses it is attached to. */
void rust_helper_enable_fprobe(struct fprobe *fp);
void rust_helper_disable_fprobe(struct fprobe *fp);
int rust_helper_fprobe_addrs(struct fprobe *fp, unsigned long *addrs, int max);

/* The teardown wait and the context of tracepoints (<linux/tracepoint.h>). */
void rust_helper_tracepoint_synchronize_unregister(void);
bool rust_helper_tracepoint_is_faultable(struct tracepoint *tp);

/* in_compat_syscall() of <linux/compat.h>, for system call tracepoint handlers. */
bool rust_helper_in_compat_syscall(void);
