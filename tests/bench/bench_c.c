// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of `make bench`: probes on probe_target_add6() with handlers doing the same
 * work as tests/bench/bench_rust.rs, chosen by `mode`:
 *   empty      kprobe, empty pre handler (the bare mechanism)
 *   count      kprobe, pre handler counting hits
 *   time       kretprobe timing each call with ktime, as samples/kprobes/kretprobe_example.c
 *              does, without the printk
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/module.h>

static char mode[16] = "count";
module_param_string(mode, mode, sizeof(mode), 0444);

static atomic64_t hits, total_ns;

static int empty_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static int count_pre(struct kprobe *p, struct pt_regs *regs)
{
	atomic64_inc(&hits);
	return 0;
}

static struct kprobe kp = { .symbol_name = "probe_target_add6" };

/* The NMI-safe clock, as the Rust side's Timestamp: breakpoint handlers run in NMI context. */
struct call {
	u64 start;
};

static int time_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	((struct call *)ri->data)->start = ktime_get_mono_fast_ns();
	return 0;
}

static int time_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	s64 ns = ktime_get_mono_fast_ns() - ((struct call *)ri->data)->start;

	atomic64_inc(&hits);
	atomic64_add(ns, &total_ns);
	return 0;
}

static struct kretprobe rp = {
	.kp.symbol_name = "probe_target_add6",
	.entry_handler = time_entry,
	.handler = time_ret,
	.data_size = sizeof(struct call),
};

static int __init bench_init(void)
{
	if (!strcmp(mode, "time"))
		return register_kretprobe(&rp);
	kp.pre_handler = strcmp(mode, "empty") ? count_pre : empty_pre;
	return register_kprobe(&kp);
}

static void __exit bench_exit(void)
{
	if (!strcmp(mode, "time"))
		unregister_kretprobe(&rp);
	else
		unregister_kprobe(&kp);
	pr_info("%s: %lld hits\n", mode, atomic64_read(&hits));
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_DESCRIPTION("C probes for the rust-kprobes benchmark");
MODULE_LICENSE("GPL");
