// SPDX-License-Identifier: GPL-2.0
/*
 * The USDT probe uprobe_target:fresh (see main.c): its argument is a memory operand, the 4
 * bytes a pointer points to, which the program itself never reads before the probe fires. Given
 * a page it has mapped and not touched, the argument is in memory that is not yet resident in
 * the process (no page table entry): a handler reads it only by faulting the page in.
 */
/* Memory operands ("m"): the note names where the argument is, the program does not load it. */
#define STAP_SDT_ARG_CONSTRAINT m
#include <sys/sdt.h>

void fresh(const unsigned int *p)
{
	/* The pointer in a register: the operand is (%reg), [xN] or 0(aN), not a symbol. */
	__asm__ __volatile__("" : "+r"(p));
	STAP_PROBE1(uprobe_target, fresh, *p);
}
