// SPDX-License-Identifier: GPL-2.0

//! riscv64 `struct pt_regs`.
//!
//! C header: [`arch/riscv/include/asm/ptrace.h`](srctree/arch/riscv/include/asm/ptrace.h)

use crate::kprobes::bindings::pt_regs;
use core::mem::offset_of;

/// a0-a7 sit in `struct_group(a_regs, ...)`, which bindgen makes an anonymous union.
const fn a(n: usize) -> usize {
    offset_of!(pt_regs, __bindgen_anon_1) + n * core::mem::size_of::<usize>()
}

/// Function arguments: a0-a7 (RISC-V psABI).
pub(super) const ARGS: [usize; 8] = [a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7)];

/// System call arguments: `__riscv_sys_*` wrappers read `orig_a0`, then a1-a5.
pub(super) const SYSCALL_ARGS: [usize; 6] =
    [offset_of!(pt_regs, orig_a0), a(1), a(2), a(3), a(4), a(5)];

/// The system call number: a7 (`syscall_get_nr()`, arch/riscv/include/asm/syscall.h).
pub(super) const SYSCALL_NR: usize = a(7);

pub(super) const RETURN: usize = a(0);
pub(super) const IP: usize = offset_of!(pt_regs, epc);
pub(super) const SP: usize = offset_of!(pt_regs, sp);
pub(super) const FLAGS: usize = offset_of!(pt_regs, status);
/// Compressed (16-bit) instructions are in use.
pub(super) const INSN_ALIGN: usize = 2;
pub(super) const SYSCALL_PREFIX: &str = "__riscv_sys_";
pub(super) const IP_NAME: &str = "pc";
pub(super) const FLAGS_NAME: &str = "status";
