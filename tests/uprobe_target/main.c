// SPDX-License-Identifier: GPL-2.0
/*
 * The user program the uprobe and USDT cases probe (tests/cases/uprobe-*, usdt-*): functions
 * called a known number of times with known values, and USDT probes with and without a
 * semaphore. Built static with the kernel's nolibc for each architecture we boot
 * (scripts/internal/build-uprobe-target), it is /bin/uprobe_target in the guest.
 *
 *   uprobe_target add N       calls ut_add(i, 1000) for i = 1..N; prints the sum
 *   uprobe_target ret V       calls ut_ret(V) once, which returns V * 2 + 1; prints it
 *   uprobe_target usdt N      fires the USDT probes uprobe_target:args (no semaphore;
 *                             arguments i - 2, -7 * i, (unsigned char)(i + 200), 42) and
 *                             uprobe_target:tick (with one; 2 * i, -i) N times each,
 *                             i = 1..N; prints how many times tick found its semaphore set
 *   uprobe_target watch FILE  prints the tick probe's semaphore (its PROBE_ENABLED() test)
 *                             at start and whenever it changes, until FILE exists
 *   uprobe_target hot FILE    calls ut_add() in a loop until FILE exists; prints the count
 *   uprobe_target fresh FILE  maps FILE's first page and, before touching it, fires the USDT
 *                             probe uprobe_target:fresh, whose argument is the page's first 4
 *                             bytes (a memory operand); then reads them and prints them (an
 *                             ELF file's: 1179403647, "\177ELF")
 *
 * The args probe is in this file (no semaphores: <sys/sdt.h> decides per file), the tick
 * probe and its semaphore in tick.c, the fresh probe in fresh.c.
 */
/*
 * Registers and constants only for this file's probe (clang picks stack slots for <sys/sdt.h>'s
 * default "nor"): its note has register and constant operands, tick.c's memory ones.
 */
#define STAP_SDT_ARG_CONSTRAINT nr
#include <sys/sdt.h>

int tick_enabled(void);
long tick(long i);
void fresh(const unsigned int *p);

/* Kept out of line and not cloned: the probes are on their first instruction. */
__attribute__((noinline, used)) long ut_add(long a, long b)
{
	__asm__ __volatile__("" : "+r"(a));
	return a + b;
}

__attribute__((noinline, used)) long ut_ret(long v)
{
	__asm__ __volatile__("" : "+r"(v));
	return v * 2 + 1;
}

static int stop_file(const char *file)
{
	return access(file, F_OK) == 0;
}

int main(int argc, char **argv)
{
	long n, i, sum = 0;

	if (argc != 3) {
		printf("usage: uprobe_target add N | ret V | usdt N | watch FILE | hot FILE | fresh FILE\n");
		return 2;
	}
	n = atol(argv[2]);
	if (!strcmp(argv[1], "add")) {
		for (i = 1; i <= n; i++)
			sum += ut_add(i, 1000);
		printf("%ld\n", sum);
	} else if (!strcmp(argv[1], "ret")) {
		printf("%ld\n", ut_ret(n));
	} else if (!strcmp(argv[1], "usdt")) {
		for (i = 1; i <= n; i++) {
			/* A signed int, a negative long, an unsigned char and a constant. */
			int a = (int)i - 2;
			long b = -7 * i;
			unsigned char c = (unsigned char)(i + 200);

			DTRACE_PROBE4(uprobe_target, args, a, b, c, 42);
			sum += tick(i);
		}
		printf("%ld\n", sum);
	} else if (!strcmp(argv[1], "watch")) {
		int last = -1, now;

		for (;;) {
			now = tick_enabled();
			if (now != last)
				printf("semaphore %d\n", now);
			last = now;
			if (stop_file(argv[2]))
				break;
			usleep(10000);
		}
	} else if (!strcmp(argv[1], "hot")) {
		for (n = 0; !stop_file(argv[2]); n++)
			sum += ut_add(n, 1);
		printf("%ld\n", n);
	} else if (!strcmp(argv[1], "fresh")) {
		int fd = open(argv[2], O_RDONLY);
		const unsigned int *page;

		if (fd < 0) {
			printf("cannot open %s\n", argv[2]);
			return 1;
		}
		/* Mapped, not populated: no page table entry until the first access. */
		page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
		if (page == MAP_FAILED) {
			printf("cannot map %s\n", argv[2]);
			return 1;
		}
		fresh(page);
		printf("%u\n", *page);
	} else {
		printf("unknown mode %s\n", argv[1]);
		return 2;
	}
	return 0;
}
