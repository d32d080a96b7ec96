// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of the KUnit suite in selftest.rs: what its Rust cannot have by itself, and the
 * layer's C helpers, which the fprobe tests use.
 */
#include <linux/compiler.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/types.h>

bool rust_selftest_preemptible(void);
long rust_selftest_c_add6(long a0, long a1, long a2, long a3, long a4, long a5);
long rust_selftest_c_recurse(long depth);

/*
 * Whether the caller could be preempted: preemptible() of <linux/preempt.h>, a macro, which
 * lib/tests/test_kprobes.c checks in every handler. False with preemption or interrupts
 * off; always false on a kernel without CONFIG_PREEMPT_COUNT.
 */
bool rust_selftest_preemptible(void)
{
	return preemptible();
}

/*
 * A probe target with the ftrace hook at its entry, as every C function of the kernel has
 * (Rust functions have none): with CONFIG_KPROBES_ON_FTRACE (x86_64) a kprobe on it runs
 * its handlers from ftrace, not from a breakpoint.
 */
noinline long rust_selftest_c_add6(long a0, long a1, long a2, long a3, long a4, long a5)
{
	/* Keep the call from being folded away. */
	asm volatile("" ::: "memory");
	return a0 + a1 + a2 + a3 + a4 + a5;
}

/*
 * Recursion with an ftrace hook, for fprobes (Rust functions have none): @depth nested calls
 * below this one; returns @depth + 1.
 */
noinline long rust_selftest_c_recurse(long depth)
{
	long r = depth > 0 ? rust_selftest_c_recurse(depth - 1) : 0;

	/* After the call: keeps it a real call, not turned into a loop. */
	asm volatile("" : "+r"(r) : : "memory");
	return r + 1;
}

/* The layer's C helpers (the ftrace_regs accessors of fprobe handlers). */
#include "../kprobes/helpers.c"
