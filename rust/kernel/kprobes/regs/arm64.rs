// SPDX-License-Identifier: GPL-2.0

//! arm64 `struct pt_regs`.
//!
//! C header: [`arch/arm64/include/asm/ptrace.h`](srctree/arch/arm64/include/asm/ptrace.h)
//!
//! Its first member is a union holding `struct user_pt_regs` (`regs[31]`, `sp`, `pc`,
//! `pstate`).

use crate::kprobes::bindings::{
    pt_regs,
    user_pt_regs, //
};
use core::mem::offset_of;

const USER: usize = offset_of!(pt_regs, __bindgen_anon_1);
const fn x(n: usize) -> usize {
    USER + offset_of!(user_pt_regs, regs) + n * core::mem::size_of::<u64>()
}

/// Function arguments: x0-x7 (AAPCS64).
pub(super) const ARGS: [usize; 8] = [x(0), x(1), x(2), x(3), x(4), x(5), x(6), x(7)];

/// System call arguments: `orig_x0`, then x1-x5, as `syscall_get_arguments()` reads them
/// (arch/arm64/include/asm/syscall.h): x0 gets the return value, `orig_x0` keeps the first
/// argument (`el0_svc_common()` copies it there before the `__arm64_sys_*` wrapper runs).
pub(super) const SYSCALL_ARGS: [usize; 6] =
    [offset_of!(pt_regs, orig_x0), x(1), x(2), x(3), x(4), x(5)];

pub(super) const RETURN: usize = x(0);
pub(super) const IP: usize = USER + offset_of!(user_pt_regs, pc);
pub(super) const SP: usize = USER + offset_of!(user_pt_regs, sp);
pub(super) const FLAGS: usize = USER + offset_of!(user_pt_regs, pstate);
pub(super) const INSN_ALIGN: usize = 4;
pub(super) const SYSCALL_PREFIX: &str = "__arm64_sys_";
pub(super) const IP_NAME: &str = "pc";
pub(super) const FLAGS_NAME: &str = "pstate";

/// The task's registers by their assembler names: `x0`-`x30`, `w0`-`w30` (the low half, which
/// the reader takes), `sp`. For USDT operands.
pub(super) fn register(name: &str) -> Option<usize> {
    if name == "sp" || name == "wsp" {
        return Some(SP);
    }
    let digits = name.strip_prefix('x').or_else(|| name.strip_prefix('w'))?;
    // The number as the assembler writes it: decimal digits only (no sign), no leading zero.
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return None;
    }
    let n: usize = digits.parse().ok()?;
    (n < 31).then(|| x(n))
}
