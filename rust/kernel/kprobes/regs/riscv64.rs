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

pub(super) const RETURN: usize = a(0);
pub(super) const IP: usize = offset_of!(pt_regs, epc);
pub(super) const SP: usize = offset_of!(pt_regs, sp);
pub(super) const FLAGS: usize = offset_of!(pt_regs, status);
/// Compressed (16-bit) instructions are in use.
pub(super) const INSN_ALIGN: usize = 2;
pub(super) const SYSCALL_PREFIX: &str = "__riscv_sys_";
pub(super) const IP_NAME: &str = "pc";
pub(super) const FLAGS_NAME: &str = "status";

/// The task's registers by their ABI names (`a0`, `sp`, `s0` or `fp`, ...). For USDT operands.
pub(super) fn register(name: &str) -> Option<usize> {
    Some(match name {
        "ra" => offset_of!(pt_regs, ra),
        "sp" => SP,
        "gp" => offset_of!(pt_regs, gp),
        "tp" => offset_of!(pt_regs, tp),
        "t0" => offset_of!(pt_regs, t0),
        "t1" => offset_of!(pt_regs, t1),
        "t2" => offset_of!(pt_regs, t2),
        "s0" | "fp" => offset_of!(pt_regs, s0),
        "s1" => offset_of!(pt_regs, s1),
        "a0" => a(0),
        "a1" => a(1),
        "a2" => a(2),
        "a3" => a(3),
        "a4" => a(4),
        "a5" => a(5),
        "a6" => a(6),
        "a7" => a(7),
        "s2" => offset_of!(pt_regs, s2),
        "s3" => offset_of!(pt_regs, s3),
        "s4" => offset_of!(pt_regs, s4),
        "s5" => offset_of!(pt_regs, s5),
        "s6" => offset_of!(pt_regs, s6),
        "s7" => offset_of!(pt_regs, s7),
        "s8" => offset_of!(pt_regs, s8),
        "s9" => offset_of!(pt_regs, s9),
        "s10" => offset_of!(pt_regs, s10),
        "s11" => offset_of!(pt_regs, s11),
        "t3" => offset_of!(pt_regs, t3),
        "t4" => offset_of!(pt_regs, t4),
        "t5" => offset_of!(pt_regs, t5),
        "t6" => offset_of!(pt_regs, t6),
        _ => return None,
    })
}
