// SPDX-License-Identifier: GPL-2.0
/*
 * Functions with known signatures for the probe tests, called on demand through
 * /sys/kernel/debug/probe_target/:
 *
 *   echo "a0 a1 a2 a3 a4 a5" > call     calls probe_target_add6(a0, ..., a5)
 *   echo "US" > delay                   calls probe_target_delay(US), which spins US µs
 *   echo "N" > loop                     calls probe_target_add6(...) N times in a row
 *   cat result                          the last return value; for loop, ns per call
 *   echo "N" > loop_ref                 calls probe_target_ref6(...), an unprobed twin, N times
 *                                       (also named probe_target_twin6, an alias)
 *   echo "N" > nest                     calls probe_target_nest(N), which calls itself down to 0
 *   echo "N" > notrace                  calls probe_target_notrace(N), which ftrace cannot trace
 *   cat elapsed                         ns the last loop took in all (finer than result)
 *
 * loop_ref gives `make bench` a reference for how fast the emulator runs at the moment.
 */
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>

static struct dentry *dir;
static long result;
static u64 elapsed;

/* Not static, so that the compiler keeps their names and signatures as they are. */
long probe_target_add6(long a0, long a1, long a2, long a3, long a4, long a5);
long probe_target_delay(unsigned long us);
long probe_target_ref6(long a0, long a1, long a2, long a3, long a4, long a5);
long probe_target_twin6(long a0, long a1, long a2, long a3, long a4, long a5);
long probe_target_nest(long n);
long probe_target_notrace(long n);

noinline long probe_target_add6(long a0, long a1, long a2, long a3, long a4, long a5)
{
	/* Keep the call from being folded away. */
	asm volatile("" ::: "memory");
	return a0 + a1 + a2 + a3 + a4 + a5;
}

/* The same as probe_target_add6(), for a loop no probe sits on. */
noinline long probe_target_ref6(long a0, long a1, long a2, long a3, long a4, long a5)
{
	asm volatile("" ::: "memory");
	return a0 + a1 + a2 + a3 + a4 + a5;
}

/*
 * probe_target_ref6() under a second name, as memcpy and __memcpy are one function: kallsyms
 * has both names at one address, and names the address (in /proc/kallsyms order, stack
 * traces, ftrace) by one of them. On probe_target_ref6(), which the cases that find functions
 * by the names ftrace and kallsyms print do not probe.
 */
long probe_target_twin6(long a0, long a1, long a2, long a3, long a4, long a5)
	__alias(probe_target_ref6);

/* Recursion: @n nested calls of itself below this one; returns (@n + 1) * 10. */
noinline long probe_target_nest(long n)
{
	long r = n > 0 ? probe_target_nest(n - 1) : 0;

	/* After the call: keeps it a real call, not turned into a loop. */
	asm volatile("" : "+r"(r) : : "memory");
	return r + 10;
}

/* No ftrace hook (notrace): an fprobe cannot attach to it, a kprobe can. */
noinline notrace long probe_target_notrace(long n)
{
	asm volatile("" ::: "memory");
	return n + 1;
}

/* Spins for @us microseconds of the monotonic clock (udelay() may run short under QEMU). */
noinline long probe_target_delay(unsigned long us)
{
	u64 end = ktime_get_ns() + us * NSEC_PER_USEC;

	while (ktime_get_ns() < end)
		cpu_relax();
	return us;
}

static ssize_t call_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	long a[6] = {};
	char buf[256];
	int n;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	n = sscanf(buf, "%li %li %li %li %li %li", &a[0], &a[1], &a[2], &a[3], &a[4], &a[5]);
	if (n < 1)
		return -EINVAL;
	result = probe_target_add6(a[0], a[1], a[2], a[3], a[4], a[5]);
	return len;
}

static ssize_t nest_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	long n;
	int ret = kstrtol_from_user(ubuf, len, 0, &n);

	if (ret)
		return ret;
	if (n < 0 || n > 100)
		return -EINVAL;
	result = probe_target_nest(n);
	return len;
}

static ssize_t notrace_write(struct file *file, const char __user *ubuf, size_t len,
			     loff_t *ppos)
{
	long n;
	int ret = kstrtol_from_user(ubuf, len, 0, &n);

	if (ret)
		return ret;
	result = probe_target_notrace(n);
	return len;
}

static ssize_t delay_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	unsigned long us;
	int ret = kstrtoul_from_user(ubuf, len, 0, &us);

	if (ret)
		return ret;
	result = probe_target_delay(us);
	return len;
}

/* Inlined with a constant @fn, so that the loop makes direct calls. */
static __always_inline ssize_t time_loop(long (*fn)(long, long, long, long, long, long),
					 const char __user *ubuf, size_t len)
{
	unsigned long n, i;
	u64 t0;
	int ret = kstrtoul_from_user(ubuf, len, 0, &n);

	if (ret)
		return ret;
	if (!n)
		return -EINVAL;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		fn(i, 1, 2, 3, 4, 5);
	elapsed = ktime_get_ns() - t0;
	result = div64_ul(elapsed, n);
	return len;
}

static ssize_t loop_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	return time_loop(probe_target_add6, ubuf, len);
}

static ssize_t loop_ref_write(struct file *file, const char __user *ubuf, size_t len,
			      loff_t *ppos)
{
	return time_loop(probe_target_ref6, ubuf, len);
}

static ssize_t result_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	char buf[32];
	int n = scnprintf(buf, sizeof(buf), "%ld\n", result);

	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static ssize_t elapsed_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	char buf[32];
	int n = scnprintf(buf, sizeof(buf), "%llu\n", elapsed);

	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations call_fops = { .write = call_write };
static const struct file_operations delay_fops = { .write = delay_write };
static const struct file_operations nest_fops = { .write = nest_write };
static const struct file_operations notrace_fops = { .write = notrace_write };
static const struct file_operations loop_fops = { .write = loop_write };
static const struct file_operations loop_ref_fops = { .write = loop_ref_write };
static const struct file_operations result_fops = { .read = result_read };
static const struct file_operations elapsed_fops = { .read = elapsed_read };

static int __init probe_target_init(void)
{
	dir = debugfs_create_dir("probe_target", NULL);
	debugfs_create_file("call", 0200, dir, NULL, &call_fops);
	debugfs_create_file("delay", 0200, dir, NULL, &delay_fops);
	debugfs_create_file("nest", 0200, dir, NULL, &nest_fops);
	debugfs_create_file("notrace", 0200, dir, NULL, &notrace_fops);
	debugfs_create_file("loop", 0200, dir, NULL, &loop_fops);
	debugfs_create_file("loop_ref", 0200, dir, NULL, &loop_ref_fops);
	debugfs_create_file("result", 0400, dir, NULL, &result_fops);
	debugfs_create_file("elapsed", 0400, dir, NULL, &elapsed_fops);
	return 0;
}

static void __exit probe_target_exit(void)
{
	debugfs_remove(dir);
}

module_init(probe_target_init);
module_exit(probe_target_exit);
MODULE_DESCRIPTION("Functions with known signatures for the rust-kprobes tests");
MODULE_LICENSE("GPL");
