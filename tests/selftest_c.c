// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of the KUnit suite in selftest.rs: what its Rust cannot have by itself, and the
 * C helpers (kit/helpers.c), which the fprobe tests use.
 */
#include <linux/compiler.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/types.h>

bool rust_selftest_preemptible(void);
long rust_selftest_c_add6(long a0, long a1, long a2, long a3, long a4, long a5);
long rust_selftest_c_recurse(long depth);
long rust_selftest_c_wait(void);
int rust_selftest_thread_start(bool wait);
void rust_selftest_thread_finish(void);

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

static DECLARE_COMPLETION(thread_started);
static DECLARE_COMPLETION(thread_go);
static struct task_struct *thread;

/*
 * A probe target with an ftrace hook that stays inside the call, asleep, until
 * rust_selftest_thread_finish(): a call in flight for as long as a test wants.
 */
noinline long rust_selftest_c_wait(void)
{
	complete(&thread_started);
	wait_for_completion(&thread_go);
	asm volatile("" ::: "memory");
	return 42;
}

static int selftest_thread(void *wait)
{
	if (wait) {
		rust_selftest_c_wait();
	} else {
		complete(&thread_started);
		rust_selftest_c_add6(1, 2, 3, 4, 5, 6);
	}
	/* Stays until kthread_stop(), so that no code of this module runs after it. */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/*
 * Starts a kernel thread that calls rust_selftest_c_wait() (@wait: returns once the call has
 * entered, its entry probes run) or rust_selftest_c_add6() (returns when it is about to call
 * it), once. rust_selftest_thread_finish() ends it.
 */
int rust_selftest_thread_start(bool wait)
{
	struct task_struct *t;

	reinit_completion(&thread_started);
	reinit_completion(&thread_go);
	t = kthread_run(selftest_thread, wait ? (void *)1 : NULL, "rust_selftest");
	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	thread = t;
	wait_for_completion(&thread_started);
	return 0;
}

/* Lets the thread's call return, and waits until the thread is gone. */
void rust_selftest_thread_finish(void)
{
	complete(&thread_go);
	kthread_stop(thread);
	put_task_struct(thread);
	thread = NULL;
}

/* The layer's C helpers (the ftrace_regs accessors of fprobe handlers). */
#include "../kit/helpers.c"
