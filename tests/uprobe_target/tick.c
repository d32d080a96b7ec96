// SPDX-License-Identifier: GPL-2.0
/*
 * The USDT probe with a semaphore, uprobe_target:tick (see main.c). Built without
 * optimization: its arguments are then on the stack, and the note describes them as memory
 * operands (a register plus an offset), which main.c's optimized probe does not have.
 */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

/* The semaphore: the kernel counts the probe's registered consumers in it (ref_ctr_offset). */
unsigned short uprobe_target_tick_semaphore __attribute__((unused, section(".probes")));

/* What `dtrace -h` generates for a provider's probe: the program's PROBE_ENABLED() test. */
#define UPROBE_TARGET_TICK_ENABLED() \
	__builtin_expect(*(volatile unsigned short *)&uprobe_target_tick_semaphore, 0)

int tick_enabled(void)
{
	return UPROBE_TARGET_TICK_ENABLED();
}

/* Fires the probe when enabled, as programs guard costly arguments; returns whether it did. */
long tick(long i)
{
	long twice = i * 2;
	long neg = -i;

	if (!UPROBE_TARGET_TICK_ENABLED())
		return 0;
	STAP_PROBE2(uprobe_target, tick, twice, neg);
	return 1;
}
