/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C declarations of the self-test's typed probe targets, which tests/selftest.rs
 * defines: its kit::typed::prototype! declarations are checked against these when it
 * is built, as a module's are against the kernel's headers.
 */
#include <linux/types.h>

long rust_selftest_typed(long a, int b, short c, unsigned char d, const void *e, bool f);
void rust_selftest_typed_void(unsigned int n);
