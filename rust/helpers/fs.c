// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers the uprobe patch of the series adds at the end of the kernel's
 * rust/helpers/fs.c (scripts/make-patches appends what follows the #include lines).
 */
#include <linux/dcache.h>
#include <linux/fs.h>

/*
 * The inode a uprobe is registered on: the real one, which processes map, on a stacking file
 * system such as overlayfs (as trace_uprobe and BPF's uprobe_multi register).
 */
__rust_helper struct inode *rust_helper_d_real_inode(const struct dentry *dentry)
{
	return d_real_inode(dentry);
}

/* The size of a file, read as the kernel reads it (a seqcount on 32-bit SMP kernels). */
__rust_helper loff_t rust_helper_i_size_read(const struct inode *inode)
{
	return i_size_read(inode);
}
