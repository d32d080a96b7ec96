// SPDX-License-Identifier: GPL-2.0

//! riscv64 `struct pt_regs`: [`arch/riscv/include/asm/ptrace.h`](srctree/arch/riscv/include/asm/ptrace.h).

use crate::kprobes::bindings::pt_regs;
use core::mem::offset_of;

/// Function arguments: a0-a7 (RISC-V psABI).
pub(super) const ARGS: [usize; 8] = [
    offset_of!(pt_regs, a0),
    offset_of!(pt_regs, a1),
    offset_of!(pt_regs, a2),
    offset_of!(pt_regs, a3),
    offset_of!(pt_regs, a4),
    offset_of!(pt_regs, a5),
    offset_of!(pt_regs, a6),
    offset_of!(pt_regs, a7),
];

/// System call arguments: `__riscv_sys_*` wrappers read `orig_a0`, then a1-a5.
pub(super) const SYSCALL_ARGS: [usize; 6] = [
    offset_of!(pt_regs, orig_a0),
    offset_of!(pt_regs, a1),
    offset_of!(pt_regs, a2),
    offset_of!(pt_regs, a3),
    offset_of!(pt_regs, a4),
    offset_of!(pt_regs, a5),
];

pub(super) const RETURN: usize = offset_of!(pt_regs, a0);
pub(super) const IP: usize = offset_of!(pt_regs, epc);
pub(super) const SP: usize = offset_of!(pt_regs, sp);
pub(super) const FLAGS: usize = offset_of!(pt_regs, status);
/// Compressed (16-bit) instructions are in use.
pub(super) const INSN_ALIGN: usize = 2;
pub(super) const IP_NAME: &str = "pc";
pub(super) const FLAGS_NAME: &str = "status";
