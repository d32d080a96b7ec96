// SPDX-License-Identifier: GPL-2.0

//! x86_64 `struct pt_regs`.
//!
//! C header: [`arch/x86/include/asm/ptrace.h`](srctree/arch/x86/include/asm/ptrace.h)

use crate::kprobes::bindings::pt_regs;
use core::mem::offset_of;

/// Function arguments: rdi, rsi, rdx, rcx, r8, r9 (System V AMD64 ABI).
pub(super) const ARGS: [usize; 6] = [
    offset_of!(pt_regs, di),
    offset_of!(pt_regs, si),
    offset_of!(pt_regs, dx),
    offset_of!(pt_regs, cx),
    offset_of!(pt_regs, r8),
    offset_of!(pt_regs, r9),
];

/// System call arguments: rdi, rsi, rdx, r10, r8, r9.
pub(super) const SYSCALL_ARGS: [usize; 6] = [
    offset_of!(pt_regs, di),
    offset_of!(pt_regs, si),
    offset_of!(pt_regs, dx),
    offset_of!(pt_regs, r10),
    offset_of!(pt_regs, r8),
    offset_of!(pt_regs, r9),
];

pub(super) const RETURN: usize = offset_of!(pt_regs, ax);
pub(super) const IP: usize = offset_of!(pt_regs, ip);
pub(super) const SP: usize = offset_of!(pt_regs, sp);
pub(super) const FLAGS: usize = offset_of!(pt_regs, flags);
pub(super) const INSN_ALIGN: usize = 1;
pub(super) const SYSCALL_PREFIX: &str = "__x64_sys_";
pub(super) const IP_NAME: &str = "ip";
pub(super) const FLAGS_NAME: &str = "flags";

/// The task's registers by their assembler names (`%` left off), in any width: `rdi`, `edi`,
/// `di` and `dil` are all rdi, `r8`, `r8d`, `r8w` and `r8b` all r8 (the reader takes the bits
/// it needs). Exactly these names: for USDT operands.
pub(super) fn register(name: &str) -> Option<usize> {
    Some(match name {
        "rax" | "eax" | "ax" | "al" => offset_of!(pt_regs, ax),
        "rbx" | "ebx" | "bx" | "bl" => offset_of!(pt_regs, bx),
        "rcx" | "ecx" | "cx" | "cl" => offset_of!(pt_regs, cx),
        "rdx" | "edx" | "dx" | "dl" => offset_of!(pt_regs, dx),
        "rsi" | "esi" | "si" | "sil" => offset_of!(pt_regs, si),
        "rdi" | "edi" | "di" | "dil" => offset_of!(pt_regs, di),
        "rbp" | "ebp" | "bp" | "bpl" => offset_of!(pt_regs, bp),
        "rsp" | "esp" | "sp" | "spl" => offset_of!(pt_regs, sp),
        "rip" => offset_of!(pt_regs, ip),
        // r8-r15, with at most one width suffix.
        _ => match name
            .strip_prefix('r')
            .map(|n| n.strip_suffix(['d', 'w', 'b']).unwrap_or(n))?
        {
            "8" => offset_of!(pt_regs, r8),
            "9" => offset_of!(pt_regs, r9),
            "10" => offset_of!(pt_regs, r10),
            "11" => offset_of!(pt_regs, r11),
            "12" => offset_of!(pt_regs, r12),
            "13" => offset_of!(pt_regs, r13),
            "14" => offset_of!(pt_regs, r14),
            "15" => offset_of!(pt_regs, r15),
            _ => return None,
        },
    })
}
