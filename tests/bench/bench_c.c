// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of `make bench`: probes on probe_target_add6() with handlers doing the same
 * work as tests/bench/bench_rust.rs, chosen by `mode`:
 *   empty      kprobe, empty pre handler (the bare mechanism)
 *   count      kprobe, pre handler counting hits
 *   time       kretprobe timing each call with ktime, as samples/kprobes/kretprobe_example.c
 *              does, without the printk
 *   fentry     fprobe, entry handler counting hits
 *   ftime      fprobe, entry and exit handlers timing each call (the time carried in the
 *              fprobe's entry data)
 *   kprobes    attach timing: register_kprobes() on each function of `funcs` (a comma list)
 *   fprobes    attach timing: one fprobe on `funcs` (a glob, or a comma list of names)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/fprobe.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/module.h>

static char mode[16] = "count";
module_param_string(mode, mode, sizeof(mode), 0444);
static char funcs[65536];
module_param_string(funcs, funcs, sizeof(funcs), 0444);

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

static int fentry_count(struct fprobe *fp, unsigned long ip, unsigned long ret_ip,
			struct ftrace_regs *fregs, void *data)
{
	atomic64_inc(&hits);
	return 0;
}

static int ftime_entry(struct fprobe *fp, unsigned long ip, unsigned long ret_ip,
		       struct ftrace_regs *fregs, void *data)
{
	((struct call *)data)->start = ktime_get_mono_fast_ns();
	return 0;
}

static void ftime_exit(struct fprobe *fp, unsigned long ip, unsigned long ret_ip,
		       struct ftrace_regs *fregs, void *data)
{
	s64 ns = ktime_get_mono_fast_ns() - ((struct call *)data)->start;

	atomic64_inc(&hits);
	atomic64_add(ns, &total_ns);
}

static struct fprobe fp;

static bool is_fprobe(void)
{
	return !strcmp(mode, "fentry") || !strcmp(mode, "ftime") || !strcmp(mode, "fprobes");
}

/* Attach timing: the kprobes on `funcs`, or the names for the fprobe. */
static struct kprobe *kps, **kpp;
static const char **names;
static int nfuncs;

static int split_funcs(void)
{
	char *p = funcs, *name;
	int n = 1, i = 0;

	for (; *p; p++)
		n += *p == ',';
	names = kcalloc(n, sizeof(*names), GFP_KERNEL);
	if (!names)
		return -ENOMEM;
	p = funcs;
	while ((name = strsep(&p, ",")))
		names[i++] = name;
	nfuncs = i;
	return 0;
}

static int attach(void)
{
	ktime_t t0 = ktime_get();
	int i, ret;

	if (!strcmp(mode, "fprobes")) {
		fp.entry_handler = fentry_count;
		if (strpbrk(funcs, "*?[")) {
			ret = register_fprobe(&fp, funcs, NULL);
		} else {
			ret = split_funcs();
			if (!ret)
				ret = register_fprobe_syms(&fp, names, nfuncs);
		}
		if (!ret)
			nfuncs = fp.hlist_array->size;
	} else {
		ret = split_funcs();
		if (ret)
			return ret;
		kps = kcalloc(nfuncs, sizeof(*kps), GFP_KERNEL);
		kpp = kcalloc(nfuncs, sizeof(*kpp), GFP_KERNEL);
		if (!kps || !kpp)
			return -ENOMEM;
		for (i = 0; i < nfuncs; i++) {
			kps[i].symbol_name = names[i];
			kps[i].pre_handler = count_pre;
			kpp[i] = &kps[i];
		}
		ret = register_kprobes(kpp, nfuncs);
	}
	if (ret) {
		pr_err("attach: %s failed: %d\n", mode, ret);
		kfree(kps);
		kfree(kpp);
		kfree(names);
		return ret;
	}
	pr_info("attach: C %s: %d functions in %lld us\n", mode, nfuncs,
		ktime_us_delta(ktime_get(), t0));
	return 0;
}

static void detach(void)
{
	ktime_t t0 = ktime_get();

	if (!strcmp(mode, "fprobes"))
		unregister_fprobe(&fp);
	else
		unregister_kprobes(kpp, nfuncs);
	pr_info("detach: C %s: %d functions in %lld us\n", mode, nfuncs,
		ktime_us_delta(ktime_get(), t0));
	kfree(kps);
	kfree(kpp);
	kfree(names);
}

static bool is_attach(void)
{
	return !strcmp(mode, "kprobes") || !strcmp(mode, "fprobes");
}

static int __init bench_init(void)
{
	if (is_attach())
		return attach();
	if (!strcmp(mode, "time"))
		return register_kretprobe(&rp);
	if (!strcmp(mode, "fentry")) {
		fp.entry_handler = fentry_count;
		return register_fprobe(&fp, "probe_target_add6", NULL);
	}
	if (!strcmp(mode, "ftime")) {
		fp.entry_handler = ftime_entry;
		fp.exit_handler = ftime_exit;
		fp.entry_data_size = sizeof(struct call);
		return register_fprobe(&fp, "probe_target_add6", NULL);
	}
	kp.pre_handler = strcmp(mode, "empty") ? count_pre : empty_pre;
	return register_kprobe(&kp);
}

static void __exit bench_exit(void)
{
	if (is_attach()) {
		detach();
		return;
	}
	if (!strcmp(mode, "time"))
		unregister_kretprobe(&rp);
	else if (is_fprobe())
		unregister_fprobe(&fp);
	else
		unregister_kprobe(&kp);
	pr_info("%s: %lld hits\n", mode, atomic64_read(&hits));
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_DESCRIPTION("C probes for the rust-kprobes benchmark");
MODULE_LICENSE("GPL");
